package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.relay.RelayProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay publishes each batch of the event store as one Kafka transaction: a {@code read_committed} consumer
 * sees every complaint's events with contiguous sequences, in order, and the transactions are this instance's.
 */
class RelayTransactionIT extends IntakeIntegrationTest {

    static final int COMPLAINTS = 3;
    static final int NOTES = 15;
    static final String TOPIC = Topic.COMPLAINT_EVENTS.topicName();

    @Autowired
    RelayProperties relay;

    @Test
    void aReadCommittedConsumerSeesEachComplaintsEventsContiguousAndInOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < COMPLAINTS; i++) {
            ids.add(file());
        }
        for (int n = 0; n < NOTES; n++) {
            for (String id : ids) {      // interleaved, so batches mix complaints
                addNote(id, n);
            }
        }

        Set<String> wanted = new LinkedHashSet<>(ids);
        List<ConsumerRecord<String, byte[]>> records = kafka.readUntil(TOPIC,
                rs -> RelayBrokerRestartIT.sequencesByComplaint(rs, wanted).values().stream()
                        .filter(s -> s.contains((long) NOTES)).count() == wanted.size(), Duration.ofSeconds(30));

        List<Long> expected = LongStream.rangeClosed(0, NOTES).boxed().toList();
        Map<String, List<Long>> sequences = RelayBrokerRestartIT.sequencesByComplaint(records, wanted);
        assertThat(sequences).hasSize(COMPLAINTS);
        sequences.forEach((id, seen) -> {
            // never a gap: each record is the next event or (after a retried batch) one seen before
            long highest = -1;
            for (long sequence : seen) {
                assertThat(sequence).as("complaint %s after sequence %d in %s", id, highest, seen)
                        .isLessThanOrEqualTo(highest + 1);
                highest = Math.max(highest, sequence);
            }
            assertThat(new ArrayList<>(new LinkedHashSet<>(seen))).as("order of complaint %s", id)
                    .isEqualTo(expected);
        });
        // one complaint, one partition
        records.stream().filter(r -> wanted.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition,
                        Collectors.toSet())))
                .forEach((id, partitions) -> assertThat(partitions).as("partitions of %s", id).hasSize(1));
    }

    @Test
    void everyBatchIsAKafkaTransactionOfThisInstanceAndItsControlRecordsAreSkipped() throws Exception {
        String id = file();
        addNote(id, 0);
        ConsumerRecord<String, byte[]> first = kafka.readUntil(TOPIC,
                rs -> rs.stream().anyMatch(r -> id.equals(r.key()) && "1".equals(header(r, EventHeaders.SEQUENCE))),
                Duration.ofSeconds(30)).stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Collection<TransactionListing> transactions = admin.listTransactions().all().get(30, TimeUnit.SECONDS);
            assertThat(transactions).extracting(TransactionListing::transactionalId)
                    .anyMatch(txId -> txId.startsWith(relay.transactionIdPrefix()));
        }
        assertThat(relay.transactionIdPrefix()).startsWith("intake-relay-").endsWith("-");

        // Each committed transaction leaves a commit marker (a control record) in the partition: it takes an offset
        // but no consumer is ever handed it, whatever its isolation level. So once the relay's transactions on the
        // partition are complete, the records read end-to-end are fewer than the offsets they span.
        TopicPartition partition = new TopicPartition(TOPIC, first.partition());
        for (String isolation : List.of("read_committed", "read_uncommitted")) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                PartitionRead read = readWholePartition(partition, isolation);
                assertThat(read.offsets()).as(isolation).contains(first.offset());
                assertThat((long) read.offsets().size()).as("records vs offsets spanned, " + isolation)
                        .isLessThan(read.end() - read.beginning());
                assertThat(new LinkedHashSet<>(read.sequencesOf(id))).as(isolation).containsExactly(0L, 1L);
            });
        }
    }

    record PartitionRead(long beginning, long end, List<Long> offsets, Map<String, List<Long>> sequences) {
        List<Long> sequencesOf(String key) {
            return sequences.getOrDefault(key, List.of());
        }
    }

    /** Reads {@code partition} from its beginning up to its end as seen at this isolation level (LSO or LEO). */
    PartitionRead readWholePartition(TopicPartition partition, String isolation) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, beginning);
            List<Long> offsets = new ArrayList<>();
            Map<String, List<Long>> sequences = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String sequence = header(r, EventHeaders.SEQUENCE);
                    if (r.offset() < end) {
                        offsets.add(r.offset());
                        if (r.key() != null && sequence != null) {
                            sequences.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Long.parseLong(sequence));
                        }
                    }
                }
            }
            assertThat(consumer.position(partition)).as("read up to %d", end).isGreaterThanOrEqualTo(end);
            return new PartitionRead(beginning, end, offsets, sequences);
        }
    }

    String bootstrapServers() {
        return INFRA.kafka().bootstrapServers();
    }

    String file() {
        JsonNode accepted = client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("tx-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return accepted.get("complaintId").asText();
    }

    void addNote(String id, int n) {
        client().post().uri("/api/v1/complaints/{id}/progress-notes", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"u1\", \"note\": \"note " + n + "\"}").exchange()
                .expectStatus().isOk();
    }
}
