package io.closedloop.ops.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.kafka.KafkaClients;
import io.closedloop.ops.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * What has been re-driven: a compacted topic keyed by the dead letter's {@code topic-partition@offset}, written in
 * the same Kafka transaction as the re-driven record, so there is a mark exactly when there is a copy. Kept in
 * Kafka rather than in a local file so that every operator, on any machine, sees the same marks.
 */
public final class RedriveLog {

    public static final String TOPIC = "closedloop.ops.redrives.v1";

    /** One re-drive: which dead letter, where its copy went, when and by whom. */
    public record Redrive(String deadLetter, String redrivenTo, Instant redrivenAt, String by) {
    }

    private final KafkaClients kafka;
    private final ObjectMapper json;

    public RedriveLog(KafkaClients kafka, ObjectMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    /** Creates the topic if it is missing: one partition, compacted, the cluster's default replication. */
    public void ensureTopic(Admin admin) {
        if (exists(admin)) {
            return;
        }
        NewTopic topic = new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(java.util.List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new OpsException("cannot create " + TOPIC + ", where re-drives are recorded: "
                        + kafka.translate(e.getCause()).getMessage() + " (create it as a compacted topic, or give the "
                        + "tool's principal the right to)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }

    public boolean exists(Admin admin) {
        return kafka.await(admin.listTopics().names()).contains(TOPIC);
    }

    /** Every re-drive recorded so far, by dead letter. */
    public Map<String, Redrive> read(TopicReader reader) {
        Map<String, Redrive> redrives = new HashMap<>();
        reader.readAll(reader.partitions(TOPIC), r -> {
            if (r.key() == null) {
                return;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                redrives.remove(key);
                return;
            }
            try {
                redrives.put(key, json.readValue(r.value(), Redrive.class));
            } catch (IOException e) {
                throw new OpsException(TOPIC + "-" + r.partition() + "@" + r.offset() + " is not a re-drive record: "
                        + e.getMessage());
            }
        });
        return redrives;
    }

    public ProducerRecord<byte[], byte[]> record(Redrive redrive) {
        try {
            return new ProducerRecord<>(TOPIC, redrive.deadLetter().getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(redrive));
        } catch (IOException e) {
            throw new IllegalStateException("a re-drive record cannot be written as JSON", e);
        }
    }
}
