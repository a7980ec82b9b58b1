package io.closedloop.ops.lag;

import io.closedloop.ops.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far each consumer group is behind, per partition. The end is the last stable offset (isolation
 * {@code read_committed}): the services read committed records only and the relay writes in transactions, so
 * the plain end offset would count an open transaction's records and its commit markers as lag that no consumer
 * can ever take.
 */
public final class ConsumerLag {

    /**
     * One partition of one group. {@code committed} is null when the group has not committed an offset there.
     * {@code offsetLag} is end minus committed; {@code lag} is what a {@code read_committed} consumer would still
     * read: 0 when the offsets in between are only transaction markers or aborted records.
     */
    public record PartitionLag(String topic, int partition, Long committed, long end, long offsetLag, long lag) {
    }

    /** A group: its state and members as the coordinator reports them, and its partitions. */
    public record GroupLag(String group, String state, int members, List<PartitionLag> partitions) {
        public long total() {
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }

        /** Total lag per topic, topics in name order. */
        public Map<String, Long> perTopic() {
            return partitions.stream().collect(Collectors.groupingBy(PartitionLag::topic, java.util.TreeMap::new,
                    Collectors.summingLong(PartitionLag::lag)));
        }
    }

    /** How long to look past the committed offset for a record before taking the offset lag as it is. */
    private static final Duration LOOK_AHEAD = Duration.ofSeconds(2);

    private final Admin admin;
    private final KafkaClients kafka;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public ConsumerLag(Admin admin, KafkaClients kafka, KafkaConsumer<byte[], byte[]> consumer) {
        this.admin = admin;
        this.kafka = kafka;
        this.consumer = consumer;
    }

    /** Every consumer group the cluster knows, in name order. */
    public List<String> allGroups() {
        return kafka.await(admin.listConsumerGroups().all()).stream()
                .map(g -> g.groupId()).sorted().toList();
    }

    public List<GroupLag> of(Collection<String> groups) {
        Map<String, ConsumerGroupDescription> descriptions = kafka.await(admin.describeConsumerGroups(groups).all());
        List<GroupLag> result = new ArrayList<>();
        for (String group : groups) {
            ConsumerGroupDescription description = descriptions.get(group);
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            kafka.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                    .forEach((tp, o) -> {
                        if (o != null) {
                            committed.put(tp, o);
                        }
                    });
            // partitions assigned to a member but never committed count too: their lag is everything from the start
            Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition));
            partitions.addAll(committed.keySet());
            if (description != null) {
                description.members().stream().map(MemberDescription::assignment)
                        .forEach(a -> partitions.addAll(a.topicPartitions()));
            }
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            List<TopicPartition> uncommitted = partitions.stream().filter(tp -> !committed.containsKey(tp)).toList();
            Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());
            List<PartitionLag> lags = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                long end = ends.getOrDefault(tp, 0L);
                OffsetAndMetadata c = committed.get(tp);
                long from = c != null ? c.offset() : starts.getOrDefault(tp, 0L);
                long offsetLag = Math.max(0, end - from);
                lags.add(new PartitionLag(tp.topic(), tp.partition(), c == null ? null : c.offset(), end, offsetLag,
                        offsetLag > 0 && nothingToRead(tp, from, end) ? 0 : offsetLag));
            }
            result.add(new GroupLag(group, description == null ? "UNKNOWN" : String.valueOf(description.state()),
                    description == null ? 0 : description.members().size(), lags));
        }
        return result;
    }

    /**
     * Whether a {@code read_committed} consumer at {@code from} would find no record before {@code end}. The relay
     * commits a transaction per batch, and its commit marker takes an offset after the batch's last record; a
     * consumer that has read everything commits the offset of that marker, not past it, until the next record comes.
     * Without this, every quiet partition would show a lag of 1.
     */
    private boolean nothingToRead(TopicPartition tp, long from, long end) {
        try {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long deadline = System.nanoTime() + LOOK_AHEAD.toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    return false;
                }
                if (consumer.position(tp) >= end) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        } finally {
            consumer.unsubscribe();
        }
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = kafka.await(
                admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
