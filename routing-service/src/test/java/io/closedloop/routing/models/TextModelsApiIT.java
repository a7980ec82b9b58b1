package io.closedloop.routing.models;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.routing.AbstractIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The text models' life cycle over HTTP against the real service: the starter model, a candidate trained from
 * people's corrections, activation followed by a second instance, rollback, automatic retraining and the what-if of
 * a model version. Each test puts the active model back as it found it, so other tests see the starter model.
 */
class TextModelsApiIT extends AbstractIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** No keyword of the shipped rules in it: the text model decides its category (service-attitude). */
    private static final String RUDE_CLERK = "营业员一直低头玩手机，对顾客爱答不理";

    @Autowired
    WebTestClient web;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ModelRegistry registry;
    @Autowired
    ModelTraining training;

    private int activeBefore;

    @BeforeEach
    void rememberTheActiveModel() {
        activeBefore = registry.activeVersion().orElseThrow();
    }

    @AfterEach
    void putTheActiveModelBack() {
        if (registry.activeVersion().orElseThrow() != activeBefore) {
            registry.activate(activeBefore, "test", "put back after a test", NOW);
        }
    }

    @Test
    void theStarterModelIsVersionOneTrainedFromTheShippedExamplesWithItsCrossValidatedFigures() {
        web.get().uri("/api/v1/text-models/1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.stamp").isEqualTo("complaint-text@1")
                .jsonPath("$.trigger").isEqualTo("seed")
                .jsonPath("$.training.seedRows").isEqualTo(100)
                .jsonPath("$.training.correctionRows").isEqualTo(0)
                .jsonPath("$.training.labels.logistics").isEqualTo(20)
                .jsonPath("$.crossValidation.folds").isEqualTo(5)
                .jsonPath("$.crossValidation.macroF1").value(f1 -> assertThat((Double) f1).isGreaterThan(0.6))
                .jsonPath("$.decision").value(d -> assertThat((String) d).startsWith("activated: the starter model"));
        // an earlier test may have activated another version and put this one back: the instance follows the
        // registry within its refresh interval (2 s)
        await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> web.get().uri("/api/v1/text-models/active")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version.active").isEqualTo(true)
                .jsonPath("$.inUseHere").isEqualTo(StoredModel.stamp(activeBefore)));
    }

    @Test
    void aCandidateLearnsFromCorrectionsIsActivatedByHandFollowedByAnotherInstanceAndRolledBack() {
        correct("包装盒被压扁了，里面的杯子碎了", "logistics");
        long through = correct("店员把我的订单弄错了还不道歉", "service-attitude");

        int candidate = web.post().uri("/api/v1/text-models").header("X-Actor", "analyst-1").exchange()
                .expectStatus().isCreated()
                .expectBody(TrainedVersion.class).returnResult().getResponseBody().version();
        StoredModel stored = registry.version(candidate);
        assertThat(stored.trigger()).isEqualTo("request");
        assertThat(stored.trainedBy()).isEqualTo("analyst-1 via demo-admin-tool");
        assertThat(stored.correctionRows()).isGreaterThanOrEqualTo(2);
        assertThat(stored.correctionsThrough()).isGreaterThanOrEqualTo(through);
        assertThat(stored.seedRows()).isEqualTo(100);
        assertThat(stored.crossValidation().folds()).isEqualTo(5);
        assertThat(stored.baselineVersion()).isEqualTo(activeBefore);
        assertThat(stored.baselineMacroF1()).isBetween(0.0, 1.0);
        assertThat(stored.decision()).startsWith("not activated: trained on request by analyst-1 via demo-admin-tool");
        assertThat(registry.activeVersion()).contains(activeBefore);

        try (ActiveModel otherInstance = new ActiveModel(registry, Duration.ofMillis(200))) {
            otherInstance.start();
            assertThat(otherInstance.current().version()).isEqualTo(activeBefore);

            web.post().uri("/api/v1/text-models/{v}/activation?note={note}", candidate, "learnt the corrections")
                    .header("X-Actor", "analyst-1").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.stamp").isEqualTo("complaint-text@" + candidate)
                    .jsonPath("$.reason").isEqualTo("learnt the corrections");
            await().atMost(Duration.ofSeconds(5)).until(() -> otherInstance.current().version() == candidate);

            // this instance's next decision names the new version
            await().atMost(Duration.ofSeconds(10)).until(() -> inUseHere().equals("complaint-text@" + candidate));
            String id = ComplaintEventFixtures.newComplaintId();
            publish(received(id, RUDE_CLERK, NOW.minusSeconds(5)));
            ClassifyComplaintCommand classify = classifyCommand(id);
            assertThat(classify.classifiedBy()).isEqualTo("complaint-text@" + candidate);

            web.post().uri("/api/v1/text-models/rollback").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(activeBefore)
                    .jsonPath("$.reason").isEqualTo("rollback from complaint-text@" + candidate);
            await().atMost(Duration.ofSeconds(5)).until(() -> otherInstance.current().version() == activeBefore);
        }
    }

    @Test
    void automaticRetrainingTrainsOnceEnoughCorrectionsArrivedAndRecordsWhyItActivatedTheCandidate() {
        correct("客服电话打了十几次都没人接", "service-attitude");
        correct("明明是新品，收到的却是翻新机", "product-quality");
        // a tolerance of 1 lets any candidate through: what is tested is the trigger and the record
        TextModelProperties.Retraining policy = new TextModelProperties.Retraining(2, null, 1.0,
                Duration.ofMinutes(1));

        StoredModel trained = training.retrainIfDue(policy).orElseThrow();

        assertThat(trained.trigger()).isEqualTo("corrections");
        assertThat(trained.trainedBy()).isEqualTo("auto-retrain");
        assertThat(trained.decision()).startsWith("activated automatically (")
                .contains("new corrections, at least 2").contains("cross-validated macro-F1")
                .contains(StoredModel.stamp(activeBefore));
        assertThat(registry.activeVersion()).contains(trained.version());
        assertThat(registry.activeActivation().orElseThrow().activatedBy()).isEqualTo("auto-retrain");
        // nothing new since: not due again
        assertThat(training.retrainIfDue(policy)).isEmpty();
    }

    @Test
    void aModelWhatIfWithProposedRulesShowsWhatWouldChangeByDepartmentWithoutChangingAnything() {
        String id = ComplaintEventFixtures.newComplaintId();
        Instant receivedAt = Instant.parse("2025-02-01T08:00:00Z");
        publish(received(id, RUDE_CLERK, receivedAt));
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from complaint_event_log where complaint_id = ?")
                .param(id).query(Integer.class).single() > 0);
        String proposal = shippedRules().replace("\"department\": \"service-quality\"", "\"department\": \"etiquette\"");

        web.post().uri("/api/v1/text-models/{v}/what-if?from={from}&to={to}", activeBefore, receivedAt,
                        receivedAt.plusSeconds(1))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(proposal)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.complaints").isEqualTo(1)
                .jsonPath("$.candidateModel").isEqualTo(StoredModel.stamp(activeBefore))
                .jsonPath("$.recategorised").isEqualTo(0)
                .jsonPath("$.wouldMove").isEqualTo(1)
                .jsonPath("$.moves[0].from").isEqualTo("service-quality")
                .jsonPath("$.moves[0].to").isEqualTo("etiquette")
                .jsonPath("$.departments[?(@.department == 'etiquette')].movedIn").isEqualTo(List.of(1))
                .jsonPath("$.departments[?(@.department == 'service-quality')].movedOut").isEqualTo(List.of(1))
                .jsonPath("$.examples[0]").isEqualTo(id);
        // the same model with the rules in force changes nothing
        web.post().uri("/api/v1/text-models/{v}/what-if?from={from}&to={to}", activeBefore, receivedAt,
                        receivedAt.plusSeconds(1))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.complaints").isEqualTo(1)
                .jsonPath("$.rules").isEqualTo("in force")
                .jsonPath("$.recategorised").isEqualTo(0)
                .jsonPath("$.wouldMove").isEqualTo(0);
        assertThat(registry.activeVersion()).contains(activeBefore);
    }

    @Test
    void rollingBackPastTheFirstActivatedModelIsAConflict() {
        for (int i = 0; i < 100 && registry.activeActivation().orElseThrow().previousActivation() != null; i++) {
            web.post().uri("/api/v1/text-models/rollback").exchange().expectStatus().isOk();
        }
        web.post().uri("/api/v1/text-models/rollback").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("nothing before it"));
    }

    @Test
    void badRequestsAreRefusedWithTheFieldAndTheReason() {
        web.get().uri("/api/v1/text-models/latest").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("version");
        web.get().uri("/api/v1/text-models/99999").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("complaint-text@99999"));
        web.post().uri("/api/v1/text-models/99999/activation").exchange()
                .expectStatus().isNotFound();
        web.post().uri("/api/v1/text-models/1/activation").header("X-Actor", "x".repeat(101)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("X-Actor");
        // a person signed in acts as themselves: naming someone else is refused before anything changes
        web.mutate().defaultHeaders(h -> {
                    h.remove(io.closedloop.security.ApiKeys.HEADER);
                    h.setBasicAuth("admin", "admin-demo");
                }).build()
                .post().uri("/api/v1/text-models/99999/activation").header("X-Actor", "analyst-1").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("X-Actor")
                .jsonPath("$.errors[0].reason").value(m -> assertThat((String) m).contains("acts as themselves"));
        web.post().uri("/api/v1/text-models/1/what-if?from=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        web.post().uri("/api/v1/text-models/1/what-if").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"x\", \"fallbackDepartmnet\": \"triage\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("fallbackDepartmnet");
        assertThat(registry.activeVersion()).contains(activeBefore);
    }

    record TrainedVersion(int version) {
    }

    private String inUseHere() {
        return web.get().uri("/api/v1/text-models/active").exchange().expectStatus().isOk()
                .expectBody(ActiveBody.class).returnResult().getResponseBody().inUseHere();
    }

    record ActiveBody(String inUseHere) {
    }

    /** A complaint and a person's correction of its category, through the stream; returns the correction's seq. */
    private long correct(String text, String category) {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, text, NOW.minusSeconds(60)));
        ComplaintEventEnvelope correction = event(new ComplaintClassifiedEvent(id, InfoType.COMPLAINT, category,
                "general", List.of(), "supervisor-1", null, true, Actor.user("supervisor-1")), 1, NOW.minusSeconds(30));
        publish(correction);
        await().atMost(PATIENCE).until(() -> jdbc.sql("select seq from classification_correction where event_id = ?")
                .param(correction.eventId()).query(Long.class).optional().isPresent());
        return jdbc.sql("select seq from classification_correction where event_id = ?").param(correction.eventId())
                .query(Long.class).single();
    }

    private static ClassifyComplaintCommand classifyCommand(String complaintId) {
        return kafka().readUntil(Topic.COMPLAINT_COMMANDS.topicName(), records -> records.stream()
                        .anyMatch(r -> complaintId.equals(r.key())), PATIENCE).stream()
                .filter(r -> complaintId.equals(r.key()))
                .map(r -> read(r.value()))
                .filter(ClassifyComplaintCommand.class::isInstance)
                .map(ClassifyComplaintCommand.class::cast)
                .findFirst().orElseThrow();
    }

    private static ComplaintCommand read(byte[] json) {
        try {
            return ContractJson.mapper().readValue(json, ComplaintCommand.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ComplaintEventEnvelope received(String id, String text, Instant at) {
        return event(new ComplaintReceivedEvent(id, Channel.WEB, "web-" + UUID.randomUUID(), at,
                new Complainant("陈静", null, "chen@example.com", null), null, text, InfoType.COMPLAINT, null, null,
                null, List.of(), null, null, null, Actor.customer(Channel.WEB, "web")), 0, at);
    }

    private static ComplaintEventEnvelope event(ComplaintEvent payload, long sequence, Instant at) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", payload.complaintId(), sequence, at, "corr", UUID.randomUUID().toString(), payload);
    }

    private static String shippedRules() {
        try (InputStream in = TextModelsApiIT.class.getResourceAsStream("/rules/default-routing.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
