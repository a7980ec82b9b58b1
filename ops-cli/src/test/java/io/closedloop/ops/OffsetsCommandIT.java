package io.closedloop.ops;

import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Moving a stopped service's group back in time, so that it reads again what it may have lost. */
class OffsetsCommandIT {

    private static final Instant T0 = Instant.parse("2026-10-08T08:00:00Z");

    @Test
    void movesAStoppedGroupToTheFirstRecordAtOrAfterATimeOnlyWhenToldToExecute() throws Exception {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        String topic = "ops-offsets-" + UUID.randomUUID();
        String group = "ops-offsets-group-" + UUID.randomUUID();
        SharedTestInfrastructure.get().kafkaClient().createTopic(topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, T0.plusSeconds(60L * i).toEpochMilli(), "k", "v" + i)).get();
            }
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(3))).all()
                    .get(20, TimeUnit.SECONDS);

            OpsCli.Run plan = OpsCli.run(OpsCli.with(bootstrap, "offsets", "reset", group, "--topic", topic,
                    "--to-datetime", "2026-10-08T08:00:30Z"));
            long afterPlan = committed(admin, group, partition);
            OpsCli.Run execute = OpsCli.run(OpsCli.with(bootstrap, "offsets", "reset", group, "--topic", topic,
                    "--to-datetime", "2026-10-08T08:00:30Z", "--execute"));

            assertThat(plan.exitCode()).as(plan.toString()).isZero();
            assertThat(plan.out()).containsPattern(topic + "\\s+0\\s+3\\s+1").contains("plan only");
            assertThat(afterPlan).isEqualTo(3);
            assertThat(execute.exitCode()).as(execute.toString()).isZero();
            assertThat(committed(admin, group, partition)).as("the record written at 08:01, the first after 08:00:30")
                    .isEqualTo(1);
        }
    }

    @Test
    void refusesWhileTheGroupHasMembers() {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        String topic = "ops-offsets-busy-" + UUID.randomUUID();
        String group = "ops-offsets-busy-group-" + UUID.randomUUID();
        SharedTestInfrastructure.get().kafkaClient().createTopic(topic, 1);
        try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group), new StringDeserializer(), new StringDeserializer())) {
            member.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });

            OpsCli.Run run = OpsCli.run(OpsCli.with(bootstrap, "offsets", "reset", group, "--topic", topic,
                    "--to-earliest", "--execute"));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains(group + " has 1 member(s): stop every instance of it first");
        }
    }

    private static long committed(Admin admin, String group, TopicPartition partition) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS)
                .get(partition).offset();
    }
}
