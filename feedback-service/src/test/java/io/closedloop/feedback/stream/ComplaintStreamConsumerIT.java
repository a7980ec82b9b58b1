package io.closedloop.feedback.stream;

import io.closedloop.contract.Actor;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.security.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ComplaintStreamConsumerIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.feedback-service.dlt";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebTestClient web;

    @Test
    void recordsAnEventDeliveredTwiceOnlyOnce() {
        ComplaintEventEnvelope event = complaintReceived(newComplaintId());
        double duplicatesBefore = duplicates();

        publish(event);
        publish(event);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
            assertThat(rowsOfComplaint(event.complaintId())).isEqualTo(1);
        });
        var row = jdbc.sql("select event_type, sequence, consumed_at from processed_event where event_id = ?")
                .param(event.eventId())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()})
                .single();
        assertThat(row).startsWith("ComplaintReceived", 0L);
        // the service's clock: started at NOW and running
        assertThat((Instant) row[2]).isBetween(NOW, NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void sendsARecordThatIsNotAComplaintEventToTheDeadLetterTopicAndParksItsComplaintWhileOthersCarryOn() {
        String complaintId = newComplaintId();
        byte[] garbage = "{ this is not a complaint event".getBytes(StandardCharsets.UTF_8);
        ComplaintEventEnvelope next = complaintReceived(complaintId);
        ComplaintEventEnvelope other = complaintReceived(newComplaintId());
        double deadLetteredBefore = deadLettered();

        RecordMetadata sent = publish(complaintId, garbage);
        publish(next);
        publish(other);

        ConsumerRecord<String, byte[]> dead = kafka().readFirstWithKey(DEAD_LETTER_TOPIC, complaintId, PATIENCE);
        assertThat(dead.value()).isEqualTo(garbage);
        // the reason as docs/asyncapi.yaml promises it: which record, what is wrong, and this service's exception
        String reason = "%s-%d@%d is not a valid complaint event: unreadable envelope"
                .formatted(sent.topic(), sent.partition(), sent.offset());
        assertThat(header(dead, "kafka_dlt-exception-message")).contains(reason);
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(InvalidComplaintEventException.class.getName());
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("complaint.events.v1");
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore + 1);

        // another complaint is not held up; this one's next event waits instead of being handled out of order
        await().atMost(PATIENCE).until(() -> rowsOfComplaint(other.complaintId()) == 1);
        await().atMost(PATIENCE).untilAsserted(() -> web.get().uri("/api/v1/parked-complaints/{id}", complaintId)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.reason").value(r -> assertThat((String) r).contains(reason))
                .jsonPath("$.failedRecord").isEqualTo(sent.topic() + "-" + sent.partition() + "@" + sent.offset())
                .jsonPath("$.waitingEvents").isEqualTo(1));
        assertThat(rowsOfComplaint(complaintId)).isZero();
    }

    @Test
    void aValidEventTheServiceCannotHandleParksItsComplaintUntilAnOperatorReleasesIt() {
        String complaintId = newComplaintId();
        // valid on the contract, refused by PostgreSQL every time (a NUL in the subject it keeps): not retried for ever
        ComplaintEventEnvelope refused = complaintReceived(complaintId);
        byte[] refusedValue = new String(ComplaintEventFixtures.json(refused), StandardCharsets.UTF_8)
                .replace("Parcel two weeks late", "Parcel\\u0000late").getBytes(StandardCharsets.UTF_8);
        ComplaintEventEnvelope later = new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                ComplaintEvent.typeName(ComplaintAcknowledgedEvent.class), "1", complaintId, 1, NOW,
                refused.correlationId(), UUID.randomUUID().toString(), new ComplaintAcknowledgedEvent(complaintId,
                        "quality", "已受理", NOW, Actor.user("agent-7")));
        publish(complaintId, refusedValue);
        publish(later);
        await().atMost(PATIENCE).untilAsserted(() -> web.get().uri("/api/v1/parked-complaints/{id}", complaintId)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.waitingEvents").isEqualTo(1));
        assertThat(kafka().readFirstWithKey(DEAD_LETTER_TOPIC, complaintId, PATIENCE).value())
                .isEqualTo(refusedValue);

        // the operator must say what to do with the failed event; only an administrator releases
        web.post().uri("/api/v1/parked-complaints/{id}/release", complaintId).bodyValue(Map.of("failedEvent", "later"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("failedEvent");
        asKey("demo-auditor-key").get().uri("/api/v1/parked-complaints").exchange().expectStatus().isOk();
        asKey("demo-auditor-key").post().uri("/api/v1/parked-complaints/{id}/release", complaintId)
                .bodyValue(Map.of("failedEvent", "skip")).exchange().expectStatus().isForbidden();
        // handling it again fails again: nothing is released, and the failure is recorded
        web.post().uri("/api/v1/parked-complaints/{id}/release", complaintId).bodyValue(Map.of("failedEvent", "retry"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("stays parked"));
        assertThat(rowsOfComplaint(complaintId)).isZero();

        // skipping it handles the event that waited, and the complaint follows the stream again
        web.post().uri("/api/v1/parked-complaints/{id}/release", complaintId).bodyValue(Map.of("failedEvent", "skip"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.eventsHandled").isEqualTo(1)
                .jsonPath("$.failedEvent").isEqualTo("SKIP");
        assertThat(rowsOfComplaint(complaintId)).isEqualTo(1);
        web.get().uri("/api/v1/parked-complaints/{id}", complaintId).exchange().expectStatus().isNotFound();
        assertThat(jdbc.sql("select failed_event, events_handled from released_parking where complaint_id = ?")
                .param(complaintId).query((rs, n) -> rs.getString(1) + "/" + rs.getInt(2)).single())
                .isEqualTo("skipped/1");
    }

    @Test
    void retriesAnEventItCannotRecordUntilItCanWithoutSkippingIt() {
        ComplaintEventEnvelope event = complaintReceived(newComplaintId());
        double failuresBefore = listenerFailures();
        double deadLetteredBefore = deadLettered();

        jdbc.sql("alter table processed_event rename to processed_event_away").update();
        try {
            publish(event);
            await().atMost(PATIENCE).until(() -> listenerFailures() >= failuresBefore + 2);
        } finally {
            jdbc.sql("alter table processed_event_away rename to processed_event").update();
        }

        await().atMost(PATIENCE).until(() -> rowsOfComplaint(event.complaintId()) == 1);
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
    }

    @Test
    void isHealthyAndExposesConsumedEventsToPrometheus() {
        ComplaintEventEnvelope event = complaintReceived(newComplaintId());
        publish(event);
        await().atMost(PATIENCE).until(() -> rowsOfComplaint(event.complaintId()) == 1);

        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP");
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).containsPattern(
                        "closedloop_events_consumed_total\\{application=\"feedback-service\",type=\"ComplaintReceived\"} [1-9]"));
    }

    private WebTestClient asKey(String apiKey) {
        return web.mutate().defaultHeaders(h -> h.set(ApiKeys.HEADER, apiKey)).build();
    }

    private double duplicates() {
        return meters.counter("closedloop.events.duplicates").count();
    }

    /** spring-kafka times every delivery to the listener, tagged with its result. */
    private double listenerFailures() {
        return meters.find("spring.kafka.listener").tag("result", "failure").timers().stream()
                .mapToDouble(Timer::count)
                .sum();
    }

    private double deadLettered() {
        return meters.counter("closedloop.events.dead.lettered").count();
    }

    private long rowsOfComplaint(String complaintId) {
        return jdbc.sql("select count(*) from processed_event where complaint_id = ?")
                .param(complaintId)
                .query(Long.class)
                .single();
    }
}
