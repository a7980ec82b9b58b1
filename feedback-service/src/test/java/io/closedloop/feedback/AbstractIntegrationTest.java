package io.closedloop.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * The whole service against a real Kafka broker and a real PostgreSQL, shared by every integration test in this
 * JVM. Subclasses share one Spring context: keep their configuration identical.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoint.health.show-components=always",
                // a test that makes the listener fail waits for its retries
                "closedloop.stream.retry.initial-interval=100ms",
                "closedloop.stream.retry.max-interval=500ms"})
@AutoConfigureObservability
@Import(AbstractIntegrationTest.FixedClock.class)
public abstract class AbstractIntegrationTest {

    protected static final String DATABASE = "feedback";
    protected static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");

    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Map<String, String> properties = SharedTestInfrastructure.get().springProperties(DATABASE);
        properties.forEach((name, value) -> registry.add(name, () -> value));
        createComplaintEventsTopic(properties.get("spring.kafka.bootstrap-servers"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    protected static String bootstrapServers() {
        return SharedTestInfrastructure.get().kafka().bootstrapServers();
    }

    protected static String newComplaintId() {
        return "C-" + UUID.randomUUID();
    }

    /** The first event of a new complaint, as intake's relay would put it on the topic. */
    protected static ComplaintEventEnvelope complaintReceived(String complaintId) {
        Instant receivedAt = NOW.minusSeconds(60);
        var event = new ComplaintReceivedEvent(complaintId, Channel.WEB, "web-" + UUID.randomUUID(), receivedAt,
                new Complainant("Li Wei", null, "li.wei@example.com", null), "Parcel two weeks late",
                "我的包裹晚到了两周。", InfoType.COMPLAINT, "parcel", "ORD-1042", null, List.of(),
                Actor.customer(Channel.WEB, "web-adapter"));
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                ComplaintEvent.typeName(ComplaintReceivedEvent.class), "1", complaintId, 0, receivedAt,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), event);
    }

    protected static void publish(ComplaintEventEnvelope event) {
        byte[] value;
        try {
            value = ContractJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var record = new ProducerRecord<>(Topic.COMPLAINT_EVENTS.topicName(), event.complaintId(), value);
        record.headers()
                .add(EventHeaders.EVENT_ID, event.eventId().getBytes(StandardCharsets.UTF_8))
                .add(EventHeaders.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    protected static void publish(String key, byte[] value) {
        send(new ProducerRecord<>(Topic.COMPLAINT_EVENTS.topicName(), key, value));
    }

    private static synchronized void send(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e.getCause());
        }
    }

    /** intake-service owns and creates the topic in a real deployment; here nobody else does. */
    private static void createComplaintEventsTopic(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topic.COMPLAINT_EVENTS.topicName(), 6, (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + Topic.COMPLAINT_EVENTS.topicName(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
