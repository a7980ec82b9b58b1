package io.closedloop.ops.lag;

import io.closedloop.ops.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

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

    /** One partition of one group. {@code committed} is null when the group has not committed an offset there. */
    public record PartitionLag(String topic, int partition, Long committed, long end, long lag) {
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

    private final Admin admin;
    private final KafkaClients kafka;

    public ConsumerLag(Admin admin, KafkaClients kafka) {
        this.admin = admin;
        this.kafka = kafka;
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
                lags.add(new PartitionLag(tp.topic(), tp.partition(), c == null ? null : c.offset(), end,
                        Math.max(0, end - from)));
            }
            result.add(new GroupLag(group, description == null ? "UNKNOWN" : String.valueOf(description.state()),
                    description == null ? 0 : description.members().size(), lags));
        }
        return result;
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
