package io.closedloop.routing.stream;

import io.closedloop.contract.Actor;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.routing.AbstractIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream is consumed a poll at a time in one transaction (issue 9); one event that can never be handled must
 * still cost only itself: the events before and after it in the same batch are routed, it goes to the dead-letter
 * topic and its complaint is parked, exactly as when every event had a transaction of its own.
 */
class ComplaintStreamBatchIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.routing-service.dlt";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** as many as the test infrastructure creates complaint.events.v1 with */
    private static final int PARTITIONS = 6;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebTestClient web;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aPoisonEventInTheMiddleOfABatchCostsOnlyItsOwnComplaint() {
        String poisoned = newComplaintId();
        // every complaint on the poisoned one's partition, so that all of them are in one poll, in this order
        String before = newComplaintIdOnPartitionOf(poisoned);
        String after = newComplaintIdOnPartitionOf(poisoned);
        ComplaintEventEnvelope receivedBefore = complaintReceived(before);
        ComplaintEventEnvelope receivedPoisoned = complaintReceived(poisoned);
        // no topic can be named after this department code: the event fails the same way however often it is tried
        ComplaintEventEnvelope poison = assigned(receivedPoisoned, "Not A Code!", 1);
        ComplaintEventEnvelope waiting = assigned(receivedPoisoned, "quality", 2);
        ComplaintEventEnvelope receivedAfter = complaintReceived(after);

        MessageListenerContainer container = Objects.requireNonNull(listeners.getListenerContainer("complaint-stream"));
        container.pause();
        try {
            await().atMost(PATIENCE).until(container::isContainerPaused);
            publish(receivedBefore);
            publish(receivedPoisoned);
            publish(poison);
            publish(receivedAfter);
            publish(waiting);
        } finally {
            container.resume();
        }

        // the good events on both sides of the poison are routed
        assertThat(assignmentOf(before).department()).isNotBlank();
        assertThat(assignmentOf(after).department()).isNotBlank();

        // the poison goes to the dead-letter topic naming itself, not the batch it came in
        ConsumerRecord<String, byte[]> dead = kafka().readFirstWithKey(DEAD_LETTER_TOPIC, poisoned, PATIENCE);
        assertThat(dead.value()).isEqualTo(json(poison));
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("could not be handled");
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(UnprocessableComplaintEventException.class.getName());

        // its complaint is parked with its later event waiting; what the poison did before it failed was undone
        await().atMost(PATIENCE).untilAsserted(() -> web.get().uri("/api/v1/parked-complaints/{id}", poisoned)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.reason").value(r -> assertThat((String) r).contains("Not A Code!"))
                .jsonPath("$.waitingEvents").isEqualTo(1));
        assertThat(eventsHandled(poisoned)).containsExactly(receivedPoisoned.eventId());
        assertThat(jdbc.sql("select count(*) from complaint_routing where complaint_id = ?").param(poisoned)
                .query(Long.class).single()).isZero();
        assertThat(eventsHandled(before)).containsExactly(receivedBefore.eventId());
        assertThat(eventsHandled(after)).containsExactly(receivedAfter.eventId());
    }

    /** A complaint id the producer's default partitioner puts on the same partition as {@code other}. */
    private static String newComplaintIdOnPartitionOf(String other) {
        int partition = partitionOf(other);
        while (true) {
            String id = newComplaintId();
            if (partitionOf(id) == partition) {
                return id;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static ComplaintEventEnvelope assigned(ComplaintEventEnvelope received, String department, long sequence) {
        String id = received.complaintId();
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                ComplaintEvent.typeName(DepartmentAssignedEvent.class), "1", id, sequence, NOW,
                received.correlationId(), UUID.randomUUID().toString(),
                new DepartmentAssignedEvent(id, department, "normal", "test", "default-routing@1", NOW,
                        Actor.user("agent-7")));
    }

    private static byte[] json(ComplaintEventEnvelope event) {
        return io.closedloop.contract.event.ComplaintEventFixtures.json(event);
    }

    private List<String> eventsHandled(String complaintId) {
        return jdbc.sql("select event_id from processed_event where complaint_id = ? order by sequence")
                .param(complaintId).query(String.class).list();
    }

    private static AssignDepartmentCommand assignmentOf(String complaintId) {
        return kafka().readUntil(Topic.COMPLAINT_COMMANDS.topicName(), records -> records.stream()
                        .anyMatch(r -> complaintId.equals(r.key()) && read(r.value()) instanceof AssignDepartmentCommand),
                PATIENCE).stream()
                .filter(r -> complaintId.equals(r.key()))
                .map(r -> read(r.value()))
                .filter(AssignDepartmentCommand.class::isInstance)
                .map(AssignDepartmentCommand.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static ComplaintCommand read(byte[] json) {
        try {
            return ContractJson.mapper().readValue(json, ComplaintCommand.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
