package io.closedloop.sla.it;

import io.closedloop.contract.Actor;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.security.ApiKeys;
import io.closedloop.sla.AbstractIntegrationTest;
import io.closedloop.sla.it.StreamFixtures.SentCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.closedloop.sla.it.StreamFixtures.commandsAfter;
import static io.closedloop.sla.it.StreamFixtures.commandsUntil;
import static io.closedloop.sla.it.StreamFixtures.envelope;
import static io.closedloop.sla.it.StreamFixtures.newComplaintId;
import static io.closedloop.sla.it.StreamFixtures.ofType;
import static io.closedloop.sla.it.StreamFixtures.publish;
import static io.closedloop.sla.it.StreamFixtures.received;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clocks end to end on a real broker and database, with a policy whose acknowledgement target is 4 seconds:
 * events in on {@code complaint.events.v1}, commands out on {@code complaint.commands.v1}, timers in PostgreSQL.
 */
class SlaClocksIT extends AbstractIntegrationTest {

    /** The service promises a warning or an escalation within a second or two of its due time. */
    private static final Duration PRECISION = Duration.ofMillis(2000);
    private static boolean fastPolicyActive;

    @Autowired
    WebTestClient web;

    @BeforeEach
    void activateTheFastPolicyOnce() {
        if (fastPolicyActive) {
            return;
        }
        web.post().uri("/api/v1/clock-policies?note=integration test").contentType(MediaType.APPLICATION_JSON)
                .header("X-Actor", "it")
                .bodyValue(StreamFixtures.fastPolicy())
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.version.stamp").value(stamp -> assertThat((String) stamp)
                        .startsWith("it-fast-clocks@"));
        fastPolicyActive = true;
    }

    @Test
    void aComplaintLeftAloneIsWarnedThenEscalatedOnceAtTheDueTimeAndAgainAtTheNextLevel() {
        String complaintId = newComplaintId();
        Instant receivedAt = Instant.now();
        Instant due = receivedAt.plusSeconds(4);

        publish(received(complaintId, InfoType.COMPLAINT, receivedAt));

        commandsUntil(complaintId, c -> ofType(c, RaiseEscalationCommand.class).size() >= 2, Duration.ofSeconds(30));
        // and nothing more than that, even a while later
        List<SentCommand> sent = commandsAfter(complaintId, Duration.ofSeconds(2));

        SetDeadlinesCommand set = ofType(sent, SetDeadlinesCommand.class).get(0);
        assertThat(set.deadlines()).singleElement().satisfies(d -> {
            assertThat(d.clockId()).isEqualTo("acknowledge");
            assertThat(d.startedAt()).isEqualTo(receivedAt);
            assertThat(d.dueAt()).isEqualTo(due);
            assertThat(d.policyVersion()).startsWith("it-fast-clocks@");
            assertThat(d.calendarVersion()).startsWith("cn-mainland@");
        });
        assertThat(ofType(sent, RaiseDeadlineWarningCommand.class)).hasSize(1);
        List<RaiseEscalationCommand> escalations = ofType(sent, RaiseEscalationCommand.class);
        assertThat(escalations).extracting(RaiseEscalationCommand::level).containsExactly(1, 2);
        assertThat(escalations).extracting(RaiseEscalationCommand::escalateTo)
                .containsExactly("team-lead", "department-head");
        assertThat(escalations).allSatisfy(e -> assertThat(e.dueAt()).isEqualTo(due));

        // A timer cannot fire before its clock was started (on a loaded machine the stream may be a little late):
        // precision is measured from its moment, or from the start if that came later.
        Instant started = sentAt(sent, SetDeadlinesCommand.class, 0);
        Instant warnMoment = latest(receivedAt.plusSeconds(2), started);
        assertThat(sentAt(sent, RaiseDeadlineWarningCommand.class, 0)).isBetween(warnMoment,
                warnMoment.plus(PRECISION));
        Instant escalationMoment = latest(due, started);
        assertThat(sentAt(sent, RaiseEscalationCommand.class, 0)).isBetween(escalationMoment,
                escalationMoment.plus(PRECISION));
        Instant secondMoment = latest(due.plusSeconds(3), started);
        assertThat(sentAt(sent, RaiseEscalationCommand.class, 1)).isBetween(secondMoment,
                secondMoment.plus(PRECISION));

        web.get().uri("/api/v1/complaints/{id}/clocks", complaintId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.policyVersion").value(v -> assertThat((String) v).startsWith("it-fast-clocks@"))
                .jsonPath("$.clocks[0].clockId").isEqualTo("acknowledge")
                .jsonPath("$.clocks[0].state").isEqualTo("running")
                .jsonPath("$.clocks[0].escalationLevel").isEqualTo(2)
                .jsonPath("$.clocks[0].timeline[*].kind").value(kinds -> assertThat((List<String>) kinds)
                        .containsSubsequence("STARTED", "WARNING_REQUESTED", "ESCALATION_REQUESTED",
                                "ESCALATION_REQUESTED"));
    }

    @Test
    void aComplaintAcknowledgedInTimeIsNeverWarnedNorEscalated() {
        String complaintId = newComplaintId();
        Instant receivedAt = Instant.now();
        publish(received(complaintId, InfoType.COMPLAINT, receivedAt));
        publish(envelope(new ComplaintAcknowledgedEvent(complaintId, "after-sales", "您的投诉已受理",
                receivedAt.plusMillis(900), Actor.user("agent-7")), 1, receivedAt.plusMillis(900)));

        List<SentCommand> sent = commandsAfter(complaintId, Duration.ofSeconds(9));

        assertThat(sent).extracting(c -> c.command().getClass().getSimpleName())
                .containsExactly("SetDeadlinesCommand");
        web.get().uri("/api/v1/complaints/{id}/clocks", complaintId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.clocks[0].state").isEqualTo("met")
                .jsonPath("$.clocks[0].metInTime").isEqualTo(true);
    }

    @Test
    void aDeadlineTheComplaintRecordsAsMissedCountsOnceAgainstTheDepartmentResponsible() {
        String department = "billing-" + newComplaintId().substring(2, 10);
        Instant receivedAt = Instant.now();
        // escalated twice, as intake records the escalations this service asks for: one deadline missed
        missedBy(department, receivedAt, 2);
        web.get().uri("/api/v1/breaches?from={from}&to={to}", receivedAt.minusSeconds(1), receivedAt.plusSeconds(60))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.byDepartmentAndClock[?(@.department == '" + department + "')].breaches")
                .isEqualTo(1)
                .jsonPath("$.byDepartmentAndClock[?(@.department == '" + department + "')].clockId")
                .isEqualTo("acknowledge");
    }

    @Test
    void aDepartmentSeesTheClocksAndBreachesOfItsOwnComplaintsOnly() {
        Instant receivedAt = Instant.now();
        String ours = missedBy("after-sales", receivedAt, 1);
        String theirs = missedBy("logistics", receivedAt, 1);
        WebTestClient afterSalesSystem = web.mutate()
                .defaultHeaders(h -> h.set(ApiKeys.HEADER, "demo-after-sales-key")).build();
        String period = "from=" + receivedAt.minusSeconds(1) + "&to=" + receivedAt.plusSeconds(60);

        afterSalesSystem.get().uri("/api/v1/complaints/{id}/clocks", ours).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.department").isEqualTo("after-sales");
        // another department's complaint is answered as if it did not exist, as in intake
        afterSalesSystem.get().uri("/api/v1/complaints/{id}/clocks", theirs).exchange()
                .expectStatus().isNotFound();
        afterSalesSystem.get().uri("/api/v1/breaches?" + period).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.department").isEqualTo("after-sales")
                .jsonPath("$.byDepartmentAndClock[*].department").value(departments ->
                        assertThat((List<String>) departments).isNotEmpty().containsOnly("after-sales"));
        afterSalesSystem.get().uri("/api/v1/breaches?department=logistics&" + period).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // those who see every department may ask for one
        web.get().uri("/api/v1/breaches?department=logistics&" + period).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.byDepartmentAndClock[*].department").value(departments ->
                        assertThat((List<String>) departments).isNotEmpty().containsOnly("logistics"));
        web.get().uri("/api/v1/breaches?department=%00x").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("department");
        // a channel adapter has no business with deadlines
        web.mutate().defaultHeaders(h -> h.set(ApiKeys.HEADER, "demo-adapter-key")).build()
                .get().uri("/api/v1/breaches").exchange()
                .expectStatus().isForbidden();
    }

    /**
     * A new complaint assigned to {@code department} that missed its acknowledgement deadline, with the
     * {@code EscalationRaised} events intake records for the first {@code levels} escalations.
     */
    private String missedBy(String department, Instant receivedAt, int levels) {
        String complaintId = newComplaintId();
        Actor sla = Actor.service("sla-timer-service", "it-fast-clocks@2");
        publish(received(complaintId, InfoType.COMPLAINT, receivedAt));
        publish(envelope(new DepartmentAssignedEvent(complaintId, department, "normal", "rule 7", "rules@1",
                receivedAt.plusSeconds(1), Actor.service("routing-service", "rules@1")), 1, receivedAt.plusSeconds(1)));
        List<String> escalateTo = List.of("team-lead", "department-head");
        for (int level = 1; level <= levels; level++) {
            publish(envelope(new EscalationRaisedEvent(complaintId, "acknowledge", level, receivedAt.plusSeconds(4),
                    escalateTo.get(level - 1), sla), 1 + level, receivedAt.plusSeconds(1 + 3L * level)));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                web.get().uri("/api/v1/complaints/{id}/clocks", complaintId).exchange()
                        .expectBody().jsonPath("$.clocks[0].timeline[?(@.kind == 'ESCALATED')]").value(
                                escalated -> assertThat((List<?>) escalated).hasSize(levels)));
        return complaintId;
    }

    @Test
    void anEventThatCanNeverBeHandledGoesToTheDeadLetterTopicAndItsComplaintWaitsUntilReleased() {
        String complaintId = newComplaintId();
        Instant receivedAt = Instant.now();
        publish(received(complaintId, InfoType.COMPLAINT, receivedAt));
        // a department name with a NUL character: valid JSON, but PostgreSQL text and jsonb cannot hold it
        publish(envelope(new DepartmentAssignedEvent(complaintId, "after-sales\u0000", "normal", "rule 7",
                "rules@1", receivedAt.plusMillis(100), Actor.service("routing-service", "rules@1")), 1,
                receivedAt.plusMillis(100)));
        publish(envelope(new ComplaintAcknowledgedEvent(complaintId, "after-sales", "已受理",
                receivedAt.plusMillis(200), Actor.user("agent-7")), 2, receivedAt.plusMillis(200)));

        var dead = kafka().readFirstWithKey("complaint.events.v1.sla-timer-service.dlt", complaintId,
                Duration.ofSeconds(30));
        assertThat(new String(dead.value(), java.nio.charset.StandardCharsets.UTF_8)).contains("DepartmentAssigned");
        assertThat(io.closedloop.deploy.KafkaTestClient.header(dead, "kafka_dlt-exception-message"))
                .contains("could not be handled").contains("DataIntegrityViolationException");
        // the acknowledgement behind it waits instead of overtaking it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                web.get().uri("/api/v1/parked-complaints/{id}", complaintId).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.waitingEvents").isEqualTo(1));
        // an operator leaves the bad record out; the acknowledgement that waited then meets the clock
        web.post().uri("/api/v1/parked-complaints/{id}/release", complaintId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(java.util.Map.of("failedEvent", "skip")).exchange()
                .expectStatus().isOk();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                web.get().uri("/api/v1/complaints/{id}/clocks", complaintId).exchange()
                        .expectBody().jsonPath("$.clocks[0].state").isEqualTo("met"));
    }

    @Test
    void aNullPolicyIsRefusedNamingTheBody() {
        web.post().uri("/api/v1/clock-policies").contentType(MediaType.APPLICATION_JSON).bodyValue("null")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("$");
    }

    @Test
    void anInstantOutsideTheCenturiesWeServeIsRefusedNamingTheParameter() {
        web.get().uri("/api/v1/breaches?from=+1000000000-01-01T00:00:00Z").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithEveryFieldNamed() {
        web.post().uri("/api/v1/clock-policies").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name": "Bad Name", "calendar": "nowhere", "clocks": [
                          {"clockId": "ack", "description": "x", "startOn": ["ComplaintReceived"],
                           "satisfiedBy": "EscalationRaised", "target": {"elapsed": "PT1H", "workingDays": 2},
                           "escalation": []}]}
                        """)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields).contains(
                        "name", "calendar", "clocks[0].satisfiedBy", "clocks[0].target", "clocks[0].escalation"));
    }

    @Test
    void aPolicyWithATypoIsRefusedNamingTheField() {
        web.post().uri("/api/v1/clock-policies/validation").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"x\", \"calendr\": \"cn-mainland\", \"clocks\": []}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("calendr");
    }

    @Test
    void theCalendarWorksOutFiveWorkingDaysFromTheFridayEveningBeforeNationalDay() {
        // Fri 2025-09-26 17:55 Shanghai: Sun 28 is a make-up working day, Oct 1-8 are holidays
        web.get().uri("/api/v1/calendars/cn-mainland/due?from=2025-09-26T09:55:00Z&workingDays=5").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.dueAt").isEqualTo("2025-10-10T10:00:00Z")
                .jsonPath("$.dueAtLocal").isEqualTo("2025-10-10T18:00+08:00");
    }

    @Test
    void aYearAddedToTheCalendarIsANewRevision() {
        web.put().uri("/api/v1/calendars/cn-mainland/years/2027").contentType(MediaType.APPLICATION_JSON)
                .header("X-Actor", "it")
                .bodyValue("""
                        {"year": 2027, "source": "test notice", "holidays": [{"date": "2027-01-01", "name": "元旦"}],
                         "workdays": []}
                        """)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version.revision").value(r -> assertThat((Integer) r).isGreaterThan(1))
                .jsonPath("$.version.years").value(y -> assertThat((List<Integer>) y).contains(2025, 2026, 2027));

        web.put().uri("/api/v1/calendars/cn-mainland/years/2028").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"year": 2028, "source": "test", "holidays": [{"date": "2029-01-01", "name": "元旦"}],
                         "workdays": []}
                        """)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").value(f -> assertThat((String) f).contains("holidays[0].date"));
    }

    @Test
    void askingAboutAComplaintNeverSeenIsNotFound() {
        web.get().uri("/api/v1/complaints/{id}/clocks", newComplaintId()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant sentAt(List<SentCommand> sent, Class<?> type, int index) {
        return sent.stream().filter(c -> type.isInstance(c.command())).toList().get(index).sentAt();
    }

}
