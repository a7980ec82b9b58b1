package io.closedloop.feedback.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.feedback.AbstractIntegrationTest;
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
    void sendsARecordThatIsNotAComplaintEventToTheDeadLetterTopicAndCarriesOn() {
        String complaintId = newComplaintId();
        byte[] garbage = "{ this is not a complaint event".getBytes(StandardCharsets.UTF_8);
        ComplaintEventEnvelope next = complaintReceived(complaintId);
        double deadLetteredBefore = deadLettered();

        RecordMetadata sent = publish(complaintId, garbage);
        publish(next);

        // same key, same partition: the event behind the bad record is not held up by it
        await().atMost(PATIENCE).until(() -> rowsOfComplaint(complaintId) == 1);
        ConsumerRecord<String, byte[]> dead = kafka().readFirstWithKey(DEAD_LETTER_TOPIC, complaintId, PATIENCE);
        assertThat(dead.value()).isEqualTo(garbage);
        // the reason as docs/asyncapi.yaml promises it: which record, what is wrong, and this service's exception
        assertThat(header(dead, "kafka_dlt-exception-message")).contains(
                "%s-%d@%d is not a valid complaint event: unreadable envelope"
                        .formatted(sent.topic(), sent.partition(), sent.offset()));
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(InvalidComplaintEventException.class.getName());
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo("complaint.events.v1");
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore + 1);
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
