package io.closedloop.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Follows {@code complaint.events.v1}, {@code complaint.commands.v1} and every department topic from their ends (as
 * they were when the run started) and marks each of the run's complaints in the timeline by the records' timestamps
 * (and, for the hops, by the events' own {@code occurredAt}). Warnings and escalations give the SLA lateness: the
 * record's timestamp minus the time it was due.
 */
final class StreamWatcher implements AutoCloseable {

    private static final Pattern DEPARTMENT_TOPIC = Pattern.compile("dept\\..+\\.complaints\\.v1");
    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, byte[]> consumer;
    private final RunTimeline timeline;
    private final String messageIdPrefix;
    /** escalation level to how long after the due time it is due (the bench's clock policy) */
    private final Map<Integer, Duration> escalationAfter;
    private final Thread thread;
    private volatile boolean running = true;
    /**
     * Department and command records whose complaint's ComplaintReceived this consumer has not seen yet: they are on
     * other partitions, which a poll may return first. Marked once it is seen.
     */
    private final Map<String, Map<RunTimeline.Stage, Long>> early = new ConcurrentHashMap<>();
    final List<Long> warningLateness = Collections.synchronizedList(new ArrayList<>());
    final List<Long> escalationLateness = Collections.synchronizedList(new ArrayList<>());
    /**
     * The same, only for clocks sla-timer had set before the warning or escalation was due: the timer's own
     * precision, apart from a backlog in front of sla-timer that set the clock late.
     */
    final List<Long> timerLateness = Collections.synchronizedList(new ArrayList<>());
    private volatile Throwable failure;
    private long lastListed;

    StreamWatcher(String bootstrap, RunTimeline timeline, String messageIdPrefix, Map<Integer, Duration> escalationAfter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props);
        this.timeline = timeline;
        this.messageIdPrefix = messageIdPrefix;
        this.escalationAfter = escalationAfter;
        List<TopicPartition> partitions = watchedPartitions();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the first complaint is sent
        lastListed = System.nanoTime();
        this.thread = new Thread(this::loop, "bench-stream-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private List<TopicPartition> watchedPartitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> {
            if (topic.equals("complaint.events.v1") || topic.equals("complaint.commands.v1")
                    || DEPARTMENT_TOPIC.matcher(topic).matches()) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        });
        return partitions;
    }

    /** Department topics appear when routing first sends to a department: read those from their beginning. */
    private void watchNewTopics() {
        lastListed = System.nanoTime();
        List<TopicPartition> now = watchedPartitions();
        List<TopicPartition> added = now.stream().filter(p -> !consumer.assignment().contains(p)).toList();
        if (!added.isEmpty()) {
            consumer.assign(now);
            consumer.seekToBeginning(added);
        }
    }

    private void loop() {
        try {
            while (running) {
                if (System.nanoTime() - lastListed > 5_000_000_000L) {
                    watchNewTopics();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (java.io.IOException e) {
            return; // not an envelope: not ours to judge here
        }
        String type = event.path("type").asText();
        String complaintId = event.path("complaintId").asText();
        JsonNode payload = event.path("payload");
        long at = record.timestamp();
        if (record.topic().startsWith("dept.")) {
            if (type.equals("DepartmentAssigned")) {
                markOrKeep(complaintId, RunTimeline.Stage.ASSIGNED, at);
            }
            return;
        }
        if (record.topic().equals("complaint.commands.v1")) {
            if (type.equals("AssignDepartment")) {
                markOrKeep(complaintId, RunTimeline.Stage.ASSIGN_SENT, at);
            }
            return;
        }
        if (type.equals("ComplaintReceived")) {
            String messageId = payload.path("channelMessageId").asText("");
            if (!messageId.startsWith(messageIdPrefix)) {
                return;
            }
            int n;
            try {
                n = Integer.parseInt(messageId.substring(messageIdPrefix.length()));
            } catch (NumberFormatException e) {
                return; // another series of the run (the preload's "<run>-preload-<n>")
            }
            timeline.numbers.put(complaintId, n);
            timeline.mark(n, RunTimeline.Stage.RECEIVED, at);
            markOccurred(n, RunTimeline.Stage.RECEIVED_STORED, event);
            Map<RunTimeline.Stage, Long> kept = early.remove(complaintId);
            if (kept != null) {
                kept.forEach((stage, time) -> timeline.mark(n, stage, time));
            }
            return;
        }
        Integer n = timeline.numbers.get(complaintId);
        if (n == null) {
            return; // not a complaint of this run
        }
        switch (type) {
            case "ComplaintClassified" -> timeline.mark(n, RunTimeline.Stage.CLASSIFIED, at);
            case "DepartmentAssigned" -> {
                timeline.mark(n, RunTimeline.Stage.ASSIGNED_RELAYED, at);
                markOccurred(n, RunTimeline.Stage.ASSIGNED_STORED, event);
            }
            case "DeadlinesSet" -> {
                timeline.mark(n, RunTimeline.Stage.DEADLINES_SET, at);
                for (JsonNode d : payload.path("deadlines")) {
                    if (d.path("clockId").asText().equals(Bench.CLOCK_ID)) {
                        if (d.hasNonNull("warnAt")) {
                            timeline.mark(n, RunTimeline.Stage.WARN_AT, Instant.parse(d.get("warnAt").asText()).toEpochMilli());
                        }
                        timeline.mark(n, RunTimeline.Stage.DUE_AT, Instant.parse(d.path("dueAt").asText()).toEpochMilli());
                    }
                }
            }
            case "DeadlineWarningRaised" -> {
                if (payload.path("clockId").asText().equals(Bench.CLOCK_ID) && timeline.at(n, RunTimeline.Stage.WARN_AT) > 0) {
                    long due = timeline.at(n, RunTimeline.Stage.WARN_AT);
                    warningLateness.add(at - due);
                    if (timeline.at(n, RunTimeline.Stage.DEADLINES_SET) < due) {
                        timerLateness.add(at - due);
                    }
                }
            }
            case "EscalationRaised" -> {
                Duration after = escalationAfter.get(payload.path("level").asInt());
                if (payload.path("clockId").asText().equals(Bench.CLOCK_ID) && after != null) {
                    long due = Instant.parse(payload.path("dueAt").asText()).toEpochMilli() + after.toMillis();
                    escalationLateness.add(at - due);
                    if (timeline.at(n, RunTimeline.Stage.DEADLINES_SET) > 0 && timeline.at(n, RunTimeline.Stage.DEADLINES_SET) < due) {
                        timerLateness.add(at - due);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void markOrKeep(String complaintId, RunTimeline.Stage stage, long at) {
        Integer n = timeline.numbers.get(complaintId);
        if (n != null) {
            timeline.mark(n, stage, at);
        } else if (early.size() < 1_000_000) {
            // first time only, as RunTimeline.mark: a redelivered record does not move a stage
            early.computeIfAbsent(complaintId, id -> new ConcurrentHashMap<>()).putIfAbsent(stage, at);
        }
    }

    /** The event's own time: set by intake as the complaint applied it, in the transaction that stored it. */
    private void markOccurred(int n, RunTimeline.Stage stage, JsonNode event) {
        String occurredAt = event.path("occurredAt").asText("");
        if (!occurredAt.isEmpty()) {
            try {
                timeline.mark(n, stage, Instant.parse(occurredAt).toEpochMilli());
            } catch (java.time.format.DateTimeParseException e) {
                return; // not the contract's envelope: no hop to measure
            }
        }
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
