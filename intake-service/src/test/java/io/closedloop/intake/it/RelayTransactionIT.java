package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.command.ComplaintCommandProcessor;
import io.closedloop.intake.config.EventStoreProperties;
import io.closedloop.intake.relay.KafkaEventRelay;
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
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay publishes each batch of the event store as one Kafka transaction: a {@code read_committed} consumer
 * sees every complaint's events with contiguous sequences, in order, and the transactions are this instance's; an
 * event committed after a later one is relayed too.
 */
class RelayTransactionIT extends IntakeIntegrationTest {

    static final int COMPLAINTS = 3;
    static final int NOTES = 15;
    static final String TOPIC = Topic.COMPLAINT_EVENTS.topicName();

    @Autowired
    RelayProperties relay;

    @Autowired
    ComplaintCommandProcessor commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStoreProperties eventStoreProperties;

    @Autowired
    EventStore store;

    /**
     * The event store's readers (the relay among them) are woken by the commit of the transaction that wrote the
     * events, whichever path wrote them. Here the store is polled only every ten minutes ({@link
     * IntakeIntegrationTest}), so a reader woken before the commit (Axon's unit of work "commits" inside intake's
     * transaction, when nothing is visible yet) would wait for that poll and see neither event. Measured before the
     * fix on the one-command platform: events waited 0.3 to 1.3 s for Axon's one-second poll.
     */
    @Test
    void theStoresReadersAreWokenByTheCommitThatWroteTheEvents() throws InterruptedException {
        assertThat(eventStoreProperties.pollInterval()).isGreaterThan(Duration.ofMinutes(5));
        // the relay's threads wait on the store like this reader; a pooled processor would look only every 500 ms
        assertThat(processing.eventProcessor(KafkaEventRelay.PROCESSING_GROUP)).get()
                .isInstanceOf(TrackingEventProcessor.class);
        try (BlockingStream<TrackedEventMessage<?>> reader = store.openStream(store.createHeadToken())) {
            String id = file();                          // HTTP: a transaction around Axon's unit of work
            assertThat(nextSequenceOf(id, reader)).isEqualTo(0L);

            kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), id, CommandBatchIT.json(new NoteProgressCommand(
                    UUID.randomUUID().toString(), id, "called back / 已回电", Actor.user("agent-7"))));
            assertThat(nextSequenceOf(id, reader)).as("a command: one transaction per poll of the topic")
                    .isEqualTo(1L);
        }
    }

    private static long nextSequenceOf(String complaintId, BlockingStream<TrackedEventMessage<?>> reader)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (reader.hasNextAvailable((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                TimeUnit.MILLISECONDS)) {
            if (reader.nextAvailable() instanceof DomainEventMessage<?> event
                    && complaintId.equals(event.getAggregateIdentifier())) {
                return event.getSequenceNumber();
            }
        }
        throw new AssertionError("no event of " + complaintId + " reached the store's reader within 30 s");
    }

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

    @Test
    /**
     * An event whose transaction commits after a later event's is still relayed, even when the relay reads that
     * later event minutes after it was written (a relay running behind on a loaded machine). With Axon's default gap
     * handling (a one-minute gap timeout) the relay gave up on the earlier index and the event never reached the
     * topic: 46 accepted complaints were lost to every other service in the bench of 2026-11-24
     * (EventStoreProperties, docs/benchmarks.md).
     */
    void anEventCommittedAfterALaterOneIsRelayedThoughTheRelayRunsMinutesBehind() throws Exception {
        String slow = file();
        String quick = file();
        StreamingEventProcessor relay = processing
                .eventProcessor(KafkaEventRelay.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();

        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Clock realClock = GenericEventMessage.clock;
        try {
            // 1. a transaction takes the next global index for the slow complaint's note and stays open
            Future<?> slowTransaction = writer.submit(() -> new TransactionTemplate(transactions)
                    .executeWithoutResult(status -> {
                        commands.process(new NoteProgressCommand(UUID.randomUUID().toString(), slow,
                                "committed late / 迟提交", Actor.user("u1")), null);
                        appended.countDown();
                        awaitQuietly(release);
                    }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).as("the slow note appended").isTrue();

            // 2. the relay stops; a later index commits (the quick complaint's note)
            relay.shutDown();
            addNote(quick, 1);

            // 3. the relay comes back two minutes later: every event it reads is older than Axon's default gap
            //    timeout. It must still wait for the open index below the quick note.
            GenericEventMessage.clock = Clock.offset(realClock, Duration.ofMinutes(2));
            relay.start();
            kafka.readUntil(TOPIC, records -> hasEvent(records, quick, 1), Duration.ofSeconds(60));

            // 4. the slow transaction commits; its note must reach the topic
            release.countDown();
            slowTransaction.get(30, TimeUnit.SECONDS);
            List<ConsumerRecord<String, byte[]>> records =
                    kafka.readUntil(TOPIC, read -> hasEvent(read, slow, 1), Duration.ofSeconds(60));
            assertThat(records).anyMatch(r -> slow.equals(r.key())
                    && "1".equals(header(r, EventHeaders.SEQUENCE)));
        } finally {
            GenericEventMessage.clock = realClock;
            release.countDown();
            if (!relay.isRunning()) {
                relay.start();
            }
            writer.shutdownNow();
        }
    }

    static boolean hasEvent(List<ConsumerRecord<String, byte[]>> records, String complaintId, long sequence) {
        return records.stream().anyMatch(r -> complaintId.equals(r.key())
                && Long.toString(sequence).equals(header(r, EventHeaders.SEQUENCE)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(50, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the slow transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding the slow transaction", e);
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
