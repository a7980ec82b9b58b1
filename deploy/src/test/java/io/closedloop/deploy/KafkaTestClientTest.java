package io.closedloop.deploy;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaTestClientTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final KafkaTestClient kafka = SharedTestInfrastructure.get().kafkaClient();

    @Test
    void readsWhatItSentFromTheBeginningWithTheExactBytesAndTheHeaders() {
        String topic = newTopic();
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '{'};
        RecordMetadata sent = kafka.send(topic, "first", notUtf8, Map.of("eventType", "投诉 ComplaintReceived"));
        kafka.send(topic, "second", "{}".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> first = kafka.readFirstWithKey(topic, "first", PATIENCE);
        ConsumerRecord<String, byte[]> second = kafka.readFirstWithKey(topic, "second", PATIENCE);

        assertThat(sent.topic()).isEqualTo(topic);
        assertThat(first.offset()).isEqualTo(sent.offset()).isZero();
        assertThat(first.value()).isEqualTo(notUtf8);
        assertThat(KafkaTestClient.header(first, "eventType")).isEqualTo("投诉 ComplaintReceived");
        assertThat(KafkaTestClient.header(first, "eventId")).isNull();
        assertThat(second.value()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUntilTheConditionHoldsForAllThatWasRead() {
        String topic = newTopic();
        for (int i = 0; i < 3; i++) {
            kafka.send(topic, "key-" + i, new byte[] {(byte) i});
        }

        List<ConsumerRecord<String, byte[]>> records = kafka.readUntil(topic, read -> read.size() >= 3, PATIENCE);

        assertThat(records).extracting(ConsumerRecord::key).containsExactly("key-0", "key-1", "key-2");
    }

    @Test
    void failsNamingTheTopicWhenTheConditionNeverHolds() {
        String topic = newTopic();
        kafka.send(topic, "only", new byte[] {1});

        assertThatThrownBy(() -> kafka.readUntil(topic, read -> false, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT3S reading " + topic + "; read 1 records");
    }

    @Test
    void createsATopicWithItsPartitionsAndAcceptsOneThatExistsAlready() throws Exception {
        String topic = "test-" + UUID.randomUUID();

        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 3);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestInfrastructure.get().kafka().bootstrapServers()))) {
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions()).hasSize(3);
        }
    }

    /** One partition, so the order of what a test sent is the order it reads. */
    private String newTopic() {
        String topic = "test-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        return topic;
    }
}
