package io.closedloop.sla.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.sla.AbstractIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ComplaintStreamConsumerIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.sla-timer-service.dlt";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

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
        assertThat(row).containsExactly("ComplaintReceived", 0L, NOW);
    }

    @Test
    void sendsARecordThatIsNotAComplaintEventToTheDeadLetterTopicAndCarriesOn() {
        String complaintId = newComplaintId();
        byte[] garbage = "{ this is not a complaint event".getBytes(StandardCharsets.UTF_8);
        ComplaintEventEnvelope next = complaintReceived(complaintId);
        double deadLetteredBefore = deadLettered();

        publish(complaintId, garbage);
        publish(next);

        // same key, same partition: the event behind the bad record is not held up by it
        await().atMost(PATIENCE).until(() -> rowsOfComplaint(complaintId) == 1);
        ConsumerRecord<String, byte[]> dead = deadLetterFor(complaintId);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("is not a valid complaint event");
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
                        "closedloop_events_consumed_total\\{application=\"sla-timer-service\",type=\"ComplaintReceived\"} [1-9]"));
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

    private ConsumerRecord<String, byte[]> deadLetterFor(String key) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(DEAD_LETTER_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var found = new AtomicReference<ConsumerRecord<String, byte[]>>();
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
            return found.get();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return Optional.ofNullable(record.headers().lastHeader(name))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
