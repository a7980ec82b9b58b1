package io.closedloop.contract.event;

import io.closedloop.contract.event.HostileEventRecords.Expected;
import io.closedloop.contract.event.HostileEventRecords.HostileRecord;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The consumed-topic half of a consumer's HostileInputIT, the same for every service: hostile records
 * ({@link HostileEventRecords}) on {@code complaint.events.v1}, each followed by a good event (every third one sent
 * twice), all on one partition so that every good event is behind bad ones; then, within the patience given, every
 * record meant for the dead-letter topic is there with a reason naming it, every valid-looking one is handled or
 * dead-lettered, and every good event is handled. Kafka-free, so the contract's test-jar can hold it: the service's
 * test says how to send, read its dead letters and ask its own database.
 */
public final class HostileStreamCheck {

    /** Where a record went on {@code complaint.events.v1}. */
    public record Position(int partition, long offset) {
    }

    /** A record on the service's dead-letter topic: where it came from and the reason its headers give. */
    public record DeadLetter(Position original, String reason) {
    }

    /** The service under test, as the check sees it. */
    public interface Service {

        /** Sends a record to {@code complaint.events.v1} and returns once the broker has it. */
        Position send(String key, byte[] value);

        /**
         * Reads the service's dead-letter topic from its beginning until {@code enough} holds for what was read.
         *
         * @throws AssertionError if it does not within {@code patience}
         */
        List<DeadLetter> readDeadLettersUntil(Predicate<List<DeadLetter>> enough, Duration patience);

        /** Which of these event ids the service has handled (its inbox). */
        Set<String> handled(Collection<String> eventIds);
    }

    /**
     * The {@link Service} of a consumer of {@code complaint.events.v1} whose dead letters spring-kafka writes: the
     * original partition and offset as binary int and long headers, the reason in {@code kafka_dlt-exception-message}.
     *
     * @param send            sends a record to {@code complaint.events.v1} and waits for the broker
     * @param readDeadLetters reads the service's dead-letter topic from its beginning until the predicate holds, or
     *                        throws an AssertionError after the patience
     * @param handled         which of these event ids the service has handled (its inbox)
     */
    public static Service overKafka(BiFunction<String, byte[], RecordMetadata> send,
            BiFunction<Predicate<List<ConsumerRecord<String, byte[]>>>, Duration,
                    List<ConsumerRecord<String, byte[]>>> readDeadLetters,
            Function<Collection<String>, Set<String>> handled) {
        return new Service() {
            @Override
            public Position send(String key, byte[] value) {
                RecordMetadata sent = send.apply(key, value);
                return new Position(sent.partition(), sent.offset());
            }

            @Override
            public List<DeadLetter> readDeadLettersUntil(Predicate<List<DeadLetter>> enough, Duration patience) {
                return readDeadLetters.apply(records -> enough.test(deadLetters(records)), patience).stream()
                        .map(HostileStreamCheck::deadLetter).toList();
            }

            @Override
            public Set<String> handled(Collection<String> eventIds) {
                return handled.apply(eventIds);
            }
        };
    }

    /** A new complaint id whose records land on {@code partition}, as the producer's default partitioner puts them. */
    public static String complaintIdOn(int partition, int partitions) {
        while (true) {
            String id = ComplaintEventFixtures.newComplaintId();
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
                return id;
            }
        }
    }

    private static List<DeadLetter> deadLetters(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(HostileStreamCheck::deadLetter).toList();
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        Header partition = record.headers().lastHeader("kafka_dlt-original-partition");
        Header offset = record.headers().lastHeader("kafka_dlt-original-offset");
        Header reason = record.headers().lastHeader("kafka_dlt-exception-message");
        return new DeadLetter(new Position(ByteBuffer.wrap(partition.value()).getInt(),
                ByteBuffer.wrap(offset.value()).getLong()),
                reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
    }

    private final Service service;
    private final Supplier<String> complaintIds;
    private final Instant receivedAt;

    /**
     * @param complaintIds new complaint ids that all land on one partition of {@code complaint.events.v1}
     * @param receivedAt   when the good complaints were received
     */
    public HostileStreamCheck(Service service, Supplier<String> complaintIds, Instant receivedAt) {
        this.service = service;
        this.complaintIds = complaintIds;
        this.receivedAt = receivedAt;
    }

    /**
     * Sends {@code hostile} records interleaved with good ones and checks what became of them.
     *
     * @throws AssertionError naming every record that was not dealt with, and how
     */
    public void run(List<HostileRecord> hostile, Duration patience) {
        Map<Position, HostileRecord> sent = new LinkedHashMap<>();
        List<String> good = new ArrayList<>();
        int n = 0;
        for (HostileRecord record : hostile) {
            sent.put(service.send(record.key(), record.value()), record);
            ComplaintEventEnvelope event = ComplaintEventFixtures.complaintReceived(complaintIds.get(), receivedAt);
            byte[] value = ComplaintEventFixtures.json(event);
            service.send(event.complaintId(), value);
            if (n++ % 3 == 0) {
                // a redelivery, as the relay's at-least-once may make: handled once, and nothing waits on it
                service.send(event.complaintId(), value);
            }
            good.add(event.eventId());
        }

        List<String> mayBeHandled = sent.values().stream()
                .filter(r -> r.expected() == Expected.HANDLED_OR_DEAD_LETTER)
                .map(HostileRecord::eventId)
                .toList();
        List<String> watched = new ArrayList<>(good);
        watched.addAll(mayBeHandled);
        Outcome[] last = {null};
        try {
            service.readDeadLettersUntil(deadLetters -> {
                last[0] = new Outcome(sent, good, deadLetters, service.handled(watched));
                return last[0].problems().isEmpty();
            }, patience);
        } catch (AssertionError timedOut) {
            List<String> problems = last[0] == null ? List.of("nothing was read") : last[0].problems();
            throw new AssertionError("after " + patience + ", " + problems.size() + " problem(s):\n  "
                    + String.join("\n  ", problems), timedOut);
        }
        last[0].reasonsNameTheirRecords();
    }

    /** What had become of the records when the dead-letter topic was last read. */
    private record Outcome(Map<Position, HostileRecord> sent, List<String> good, List<DeadLetter> deadLetters,
            Set<String> handled) {

        List<String> problems() {
            Set<Position> deadLettered = deadLetters.stream().map(DeadLetter::original).collect(Collectors.toSet());
            List<String> problems = new ArrayList<>();
            sent.forEach((position, record) -> {
                boolean dead = deadLettered.contains(position);
                if (record.expected() == Expected.DEAD_LETTER && !dead) {
                    problems.add("not dead-lettered: " + record + " at " + position);
                }
                if (record.expected() == Expected.HANDLED_OR_DEAD_LETTER && !dead
                        && !handled.contains(record.eventId())) {
                    problems.add("neither handled nor dead-lettered: " + record + " at " + position);
                }
            });
            Set<String> missing = new HashSet<>(good);
            missing.removeAll(handled);
            if (!missing.isEmpty()) {
                problems.add(missing.size() + " of " + good.size() + " good events behind them not handled");
            }
            return problems;
        }

        /** A dead letter's reason says which record it is ({@code topic-partition@offset}) and what is wrong. */
        void reasonsNameTheirRecords() {
            for (DeadLetter dead : deadLetters) {
                HostileRecord record = sent.get(dead.original());
                if (record == null) {
                    continue; // another test's dead letter
                }
                String position = "complaint.events.v1-%d@%d".formatted(dead.original().partition(),
                        dead.original().offset());
                if (dead.reason() == null || !dead.reason().contains(position)
                        || dead.reason().length() <= position.length() + 20) {
                    throw new AssertionError("the dead letter of " + record + " gives no reason naming " + position
                            + ": " + dead.reason());
                }
            }
        }
    }
}
