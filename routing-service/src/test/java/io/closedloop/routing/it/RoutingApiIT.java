package io.closedloop.routing.it;

import io.closedloop.security.ApiKeys;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.routing.AbstractIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
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

/** The routing rules admin API, what-if runs and transfers, over HTTP against the real service. */
class RoutingApiIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void theShippedRulesAreActiveAsVersionOne() {
        web.get().uri("/api/v1/routing-rules/active").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version.stamp").isEqualTo("default-routing@1")
                .jsonPath("$.rules.fallbackDepartment").isEqualTo("triage");
    }

    @Test
    void rulesThatCannotWorkAreRefusedWithEveryFieldNamed() {
        web.post().uri("/api/v1/routing-rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name": "x", "routing": [{"ruleId": "r1", "when": {}, "department": "No Such", "priority": "asap"}],
                         "fallbackDepartment": "triage", "fallbackPriority": "normal", "rescueDepartment": "rescue-dispatch"}
                        """)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactly("routing[0].department", "routing[0].priority"));
    }

    @Test
    void aRulesDraftWithATypoIsRefusedNamingTheField() {
        web.post().uri("/api/v1/routing-rules/validation").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"x\", \"fallbackDepartmnet\": \"triage\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("fallbackDepartmnet");
    }

    @Test
    void aWhatIfRunShowsWhichPastComplaintsAProposalWouldSendElsewhereWithoutChangingAnything() {
        // a complaint about a parcel, routed to logistics by the shipped rules
        String id = ComplaintEventFixtures.newComplaintId();
        Instant receivedAt = NOW.minusSeconds(30);
        ComplaintEventEnvelope received = envelope(new ComplaintReceivedEvent(id, Channel.WEB, "web-" + id,
                receivedAt, new Complainant("李伟", null, "li@example.com", null), "快递",
                "包裹晚到了两周", InfoType.COMPLAINT, null, null, null, List.of(), null, null, null,
                Actor.customer(Channel.WEB, "web")), 0, receivedAt);
        publish(received);
        publish(envelope(new DepartmentAssignedEvent(id, "logistics", "normal", "rule route-logistics",
                "default-routing@1", receivedAt.plusSeconds(1), Actor.service("routing-service", "default-routing@1")),
                1, receivedAt.plusSeconds(1)));
        // handled once it is on the department's topic
        kafka().readFirstWithKey(Topic.departmentTopic("logistics"), id, Duration.ofSeconds(30));

        // the proposal sends logistics complaints to a new warehouse department
        String proposal = shippedRules().replace("\"department\": \"logistics\"", "\"department\": \"warehouse\"");
        web.post().uri("/api/v1/routing-rules/what-if?from={from}&to={to}", receivedAt.minusSeconds(1),
                        receivedAt.plusSeconds(10))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(proposal)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.complaints").isEqualTo(1)
                .jsonPath("$.wouldMove").isEqualTo(1)
                .jsonPath("$.moves[0].from").isEqualTo("logistics")
                .jsonPath("$.moves[0].to").isEqualTo("warehouse")
                .jsonPath("$.examples[0]").isEqualTo(id);
        web.get().uri("/api/v1/routing-rules/active").exchange()
                .expectBody().jsonPath("$.version.stamp").isEqualTo("default-routing@1");
    }

    @Test
    void aTransferIsSentToTheComplaintWithItsReason() {
        String id = ComplaintEventFixtures.newComplaintId();
        web.post().uri("/api/v1/complaints/{id}/transfers", id).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "t-" + id)
                .bodyValue("{\"toDepartment\": \"after-sales\", \"reason\": \"属于售后问题\", \"by\": \"supervisor-1\"}")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.commandId").isEqualTo("transfer-t-" + id);

        var record = kafka().readFirstWithKey(Topic.COMPLAINT_COMMANDS.topicName(), id, Duration.ofSeconds(30));
        TransferComplaintCommand command = (TransferComplaintCommand) read(record.value());
        assertThat(command.toDepartment()).isEqualTo("after-sales");
        assertThat(command.reason()).isEqualTo("属于售后问题");
        assertThat(command.actor()).isEqualTo(Actor.user("supervisor-1"));
    }

    @Test
    void aSupervisorWhoSignedInTransfersAsThemselvesAndADepartmentMayNotTransferAtAll() {
        String id = ComplaintEventFixtures.newComplaintId();
        WebTestClient supervisor = web.mutate().defaultHeaders(h -> {
            h.remove(ApiKeys.HEADER);
            h.setBasicAuth("supervisor", "supervisor-demo");
        }).build();
        supervisor.post().uri("/api/v1/complaints/{id}/transfers", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"toDepartment\": \"logistics\", \"reason\": \"物流问题 / a delivery matter\"}")
                .exchange()
                .expectStatus().isAccepted();
        var record = kafka().readFirstWithKey(Topic.COMPLAINT_COMMANDS.topicName(), id, Duration.ofSeconds(30));
        assertThat(read(record.value()).actor()).isEqualTo(Actor.user("supervisor"));

        supervisor.post().uri("/api/v1/complaints/{id}/transfers", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"toDepartment\": \"logistics\", \"reason\": \"x\", \"by\": \"someone-else\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("by");
        web.mutate().defaultHeaders(h -> h.set(ApiKeys.HEADER, "demo-after-sales-key")).build()
                .post().uri("/api/v1/complaints/{id}/transfers", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"toDepartment\": \"logistics\", \"reason\": \"x\", \"by\": \"wang\"}")
                .exchange()
                .expectStatus().isForbidden();
        web.mutate().defaultHeaders(h -> h.remove(ApiKeys.HEADER)).build()
                .get().uri("/api/v1/routing-rules/active").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aTransferToADepartmentTheRulesDoNotKnowIsRefused() {
        web.post().uri("/api/v1/complaints/{id}/transfers", "C-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"toDepartment\": \"qualty\", \"reason\": \"typo\", \"by\": \"x\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("toDepartment");
    }

    @Test
    void aTransferWithoutAReasonIsRefusedNamingTheField() {
        web.post().uri("/api/v1/complaints/{id}/transfers", "C-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"toDepartment\": \"After Sales\", \"by\": \"x\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactly("toDepartment", "reason"));
    }

    private static ComplaintCommand read(byte[] json) {
        try {
            return ContractJson.mapper().readValue(json, ComplaintCommand.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shippedRules() {
        try (InputStream in = RoutingApiIT.class.getResourceAsStream("/rules/default-routing.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ComplaintEventEnvelope envelope(ComplaintEvent payload, long sequence, Instant occurredAt) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", payload.complaintId(), sequence, occurredAt, "corr", UUID.randomUUID().toString(), payload);
    }
}
