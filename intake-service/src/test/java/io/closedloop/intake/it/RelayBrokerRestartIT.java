package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay from the event store to Kafka loses nothing and keeps each complaint's order when the broker goes
 * away in the middle of the stream. Complaints keep being accepted meanwhile: the event store is the source of
 * truth, and Kafka catches up when it is back.
 */
class RelayBrokerRestartIT extends IntakeIntegrationTest {

    static final int BEFORE = 20;
    static final int DURING = 20;
    static final int AFTER = 20;

    @Test
    void theRelayLosesNothingAndKeepsOrderWhenTheBrokerIsStoppedAndRestartedMidStream() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BEFORE; i++) {
            ids.add(fileAndAcknowledge(run, i));
        }
        INFRA.kafka().kill();              // a crash, not a clean shutdown
        for (int i = BEFORE; i < BEFORE + DURING; i++) {
            ids.add(fileAndAcknowledge(run, i)); // accepted while Kafka is down: durable in PostgreSQL
        }
        INFRA.kafka().restart();
        for (int i = BEFORE + DURING; i < BEFORE + DURING + AFTER; i++) {
            ids.add(fileAndAcknowledge(run, i));
        }

        Set<String> wanted = new LinkedHashSet<>(ids);
        List<ConsumerRecord<String, byte[]>> records = kafka.readUntil(Topic.COMPLAINT_EVENTS.topicName(),
                rs -> sequencesByComplaint(rs, wanted).values().stream()
                        .filter(s -> s.contains(1L)).count() == wanted.size(), Duration.ofMinutes(3));

        Map<String, List<Long>> sequences = sequencesByComplaint(records, wanted);
        assertThat(sequences).hasSize(ids.size());
        sequences.forEach((id, seqs) -> {
            // at least once: a repeat may follow, but the first sight of each event is in stream order
            List<Long> firstSeen = new ArrayList<>(new LinkedHashSet<>(seqs));
            assertThat(firstSeen).as("order of complaint %s", id).containsExactly(0L, 1L);
        });
    }

    String fileAndAcknowledge(String run, int i) {
        JsonNode accepted = client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("restart-" + run + "-" + i)).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = accepted.get("complaintId").asText();
        client().post().uri("/api/v1/complaints/{id}/acknowledgement", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"agent-1\", \"message\": \"received\"}").exchange()
                .expectStatus().isOk();
        return id;
    }

    static Map<String, List<Long>> sequencesByComplaint(List<ConsumerRecord<String, byte[]>> records, Set<String> ids) {
        Map<String, List<Long>> result = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (ids.contains(r.key())) {
                result.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(Long.parseLong(header(r, EventHeaders.SEQUENCE)));
            }
        }
        return result;
    }
}
