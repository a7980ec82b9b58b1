package io.closedloop.ops.kafka;

import io.closedloop.ops.OpsException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads topics as they stand when the read starts: from each partition's start up to its end at that moment (with
 * {@code read_committed}, the last stable offset, so an open transaction's records are not shown), then stops.
 * Records that arrive meanwhile are left for the next look.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaClients kafka;
    private final Duration timeout;

    public TopicReader(KafkaConsumer<byte[], byte[]> consumer, KafkaClients kafka, Duration timeout) {
        this.consumer = consumer;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** The topic's partitions, in order; an error naming the topic if it does not exist. */
    public List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new OpsException("there is no topic " + topic + " on " + kafka.bootstrapServers());
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    public TopicPartition partition(String topic, int partition) {
        return partitions(topic).stream().filter(tp -> tp.partition() == partition).findFirst()
                .orElseThrow(() -> new OpsException(topic + " has no partition " + partition));
    }

    /** Every record of the given partitions up to their end as of now, partition by partition, in offset order. */
    public void readAll(List<TopicPartition> partitions, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> ends = endOffsets(partitions);
        Map<TopicPartition, Long> starts = startOffsets(partitions);
        Map<TopicPartition, Long> pending = new HashMap<>();
        partitions.forEach(tp -> {
            if (ends.get(tp) > starts.get(tp)) {
                pending.put(tp, ends.get(tp));
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        List<TopicPartition> assigned = new ArrayList<>(pending.keySet());
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
        long lastProgress = System.nanoTime();
        while (!pending.isEmpty()) {
            var records = poll();
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = pending.get(tp);
                if (end != null && r.offset() < end) {
                    read.computeIfAbsent(tp, k -> new ArrayList<>()).add(r);
                }
            }
            // a partition is done when its position passed the end seen at the start (transaction markers included)
            for (TopicPartition tp : new ArrayList<>(pending.keySet())) {
                if (position(tp) >= pending.get(tp)) {
                    pending.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
            if (!pending.isEmpty() && Duration.ofNanos(System.nanoTime() - lastProgress).compareTo(timeout) > 0) {
                throw new OpsException("reading " + pending.keySet() + " made no progress for " + timeout.toSeconds()
                        + " s; is Kafka at " + kafka.bootstrapServers() + " still there?", OpsException.UNREACHABLE);
            }
        }
        consumer.unsubscribe();
        partitions.forEach(tp -> read.getOrDefault(tp, List.of()).forEach(sink));
    }

    /** The record at exactly this offset, if there is one (a transaction marker or a deleted record is not). */
    public Optional<ConsumerRecord<byte[], byte[]>> readOne(TopicPartition tp, long offset) {
        long start = startOffsets(List.of(tp)).get(tp);
        long end = endOffsets(List.of(tp)).get(tp);
        if (offset < start || offset >= end) {
            return Optional.empty();
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long lastProgress = System.nanoTime();
        while (position(tp) <= offset) {
            for (ConsumerRecord<byte[], byte[]> r : poll()) {
                if (r.offset() == offset) {
                    consumer.unsubscribe();
                    return Optional.of(r);
                }
                if (r.offset() > offset) {
                    consumer.unsubscribe();
                    return Optional.empty();
                }
            }
            if (Duration.ofNanos(System.nanoTime() - lastProgress).compareTo(timeout) > 0) {
                throw new OpsException("reading " + tp + " made no progress for " + timeout.toSeconds() + " s",
                        OpsException.UNREACHABLE);
            }
        }
        consumer.unsubscribe();
        return Optional.empty();
    }

    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        try {
            return consumer.endOffsets(partitions, timeout);
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        }
    }

    public Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions) {
        try {
            return consumer.beginningOffsets(partitions, timeout);
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        }
    }

    private long position(TopicPartition tp) {
        try {
            return consumer.position(tp, timeout);
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        }
    }

    private org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(POLL);
        } catch (RuntimeException e) {
            throw kafka.translate(e);
        }
    }
}
