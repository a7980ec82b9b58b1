package io.closedloop.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lag against a real broker, with a transaction still open on the topic: read_committed consumers cannot read past
 * it, so it is not lag they could work off, and the end offset must be the last stable one.
 */
class LagCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsLagFromTheCommittedOffsetToTheLastStableOffsetPerPartitionWithTotals() throws Exception {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        String topic = "ops-lag-" + UUID.randomUUID();
        String group = "ops-lag-group-" + UUID.randomUUID();
        SharedTestInfrastructure.get().kafkaClient().createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = transactional(bootstrap);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "committed-" + i));
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "k", "committed-" + i));
            }
            producer.commitTransaction();
            // partition 0: records at 0..4, the commit marker at 5; partition 1: records at 0..2, the marker at 3
            admin.alterConsumerGroupOffsets(group, Map.of(
                    new TopicPartition(topic, 0), new OffsetAndMetadata(2),
                    // as a consumer that has read all three records commits: the offset of the commit marker
                    new TopicPartition(topic, 1), new OffsetAndMetadata(3))).all().get(20, TimeUnit.SECONDS);
            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "open-" + i));
            }
            producer.flush(); // on the broker, not committed: the high watermark is 10, the last stable offset 6

            OpsCli.Run table = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", group));
            OpsCli.Run json = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", group, "--format", "json"));
            OpsCli.Run alarm = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", group, "--fail-above", "3"));
            OpsCli.Run quiet = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", group, "--fail-above", "4"));

            producer.abortTransaction();
            // partition 0 now: the four aborted records at 6..9 and the abort marker at 10; the group has read to 6
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(6)))
                    .all().get(20, TimeUnit.SECONDS);
            OpsCli.Run afterAbort = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", group, "--format", "json"));

            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.out()).containsPattern(group + "\\s+" + topic + "\\s+0\\s+2\\s+6\\s+4")
                    .as("only the commit marker is left on partition 1: nothing to read")
                    .containsPattern(group + "\\s+" + topic + "\\s+1\\s+3\\s+4\\s+0")
                    .contains("total lag 4");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode g = JSON.readTree(json.out()).get(0);
            assertThat(g.path("group").asText()).isEqualTo(group);
            assertThat(g.path("totalLag").asLong()).isEqualTo(4);
            assertThat(g.path("lagPerTopic").path(topic).asLong()).isEqualTo(4);
            assertThat(g.path("partitions").get(0).path("end").asLong()).isEqualTo(6);
            assertThat(g.path("partitions").get(1).path("offsetLag").asLong()).isEqualTo(1);
            assertThat(g.path("partitions").get(1).path("lag").asLong()).isZero();
            assertThat(alarm.exitCode()).isEqualTo(4);
            assertThat(alarm.err()).contains("lag above 3: " + group + " (4)");
            assertThat(quiet.exitCode()).isZero();
            JsonNode aborted = JSON.readTree(afterAbort.out()).get(0).path("partitions").get(0);
            assertThat(aborted.path("end").asLong()).isEqualTo(11);
            assertThat(aborted.path("offsetLag").asLong()).isEqualTo(5);
            assertThat(aborted.path("lag").asLong()).as("aborted records are never read").isZero();
        }
    }

    @Test
    void saysSoForAGroupThatHasNeverConsumed() {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();

        OpsCli.Run run = OpsCli.run(OpsCli.with(bootstrap, "lag", "--group", "nobody-" + UUID.randomUUID()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("no committed offsets and no members");
    }

    @Test
    void endsWithExitCode3AndOneLineWhenKafkaCannotBeReached() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        OpsCli.Run run = OpsCli.run("lag", "--bootstrap-servers", "127.0.0.1:" + freePort, "--timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Kafka at 127.0.0.1:" + freePort + " did not answer within 2 s")
                .doesNotContain("\tat ");
    }

    private static KafkaProducer<String, String> transactional(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ops-lag-test-" + UUID.randomUUID()),
                new StringSerializer(), new StringSerializer());
    }
}
