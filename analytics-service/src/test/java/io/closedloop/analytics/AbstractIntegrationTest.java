package io.closedloop.analytics;

import io.closedloop.security.test.SignedInAsAdmin;
import org.springframework.context.annotation.Import;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The whole service against a real Kafka broker and a real PostgreSQL, shared by every integration test in this
 * JVM. Subclasses share one Spring context: keep their configuration identical.
 */
// springdoc builds the OpenAPI document on first request: seconds on a busy machine, past the default 5 s
@org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient(timeout = "PT30S")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoint.health.show-components=always",
                // a test that makes the listener fail waits for its retries
                "closedloop.stream.retry.initial-interval=100ms",
                "closedloop.stream.retry.max-interval=500ms"})
@AutoConfigureObservability
@Import({AbstractIntegrationTest.FixedClock.class, SignedInAsAdmin.class})
public abstract class AbstractIntegrationTest {

    protected static final String DATABASE = "analytics";
    protected static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().springProperties(DATABASE)
                .forEach((name, value) -> registry.add(name, () -> value));
        // intake-service owns and creates the topic in a real deployment; here nobody else does
        kafka().createTopic(Topic.COMPLAINT_EVENTS.topicName(), 6);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    protected static KafkaTestClient kafka() {
        return SharedTestInfrastructure.get().kafkaClient();
    }

    /** The first event of a new complaint, received a minute before {@link #NOW}. */
    protected static ComplaintEventEnvelope complaintReceived(String complaintId) {
        return ComplaintEventFixtures.complaintReceived(complaintId, NOW.minusSeconds(60));
    }

    protected static void publish(ComplaintEventEnvelope event) {
        kafka().send(Topic.COMPLAINT_EVENTS.topicName(), event.complaintId(), ComplaintEventFixtures.json(event),
                ComplaintEventFixtures.headers(event));
    }

    /** @return where the record went, which a dead letter names */
    protected static RecordMetadata publish(String key, byte[] value) {
        return kafka().send(Topic.COMPLAINT_EVENTS.topicName(), key, value);
    }
}
