package io.closedloop.feedback;

import io.closedloop.security.test.SignedInAsAdmin;
import org.springframework.context.annotation.Import;
import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The whole service against a real Kafka broker, a real PostgreSQL and a real mail server, shared by every
 * integration test in this JVM. Subclasses share one Spring context: keep their configuration identical.
 *
 * <p>The service's clock starts at {@link #NOW} when the JVM starts and then runs as clocks do (mails are retried
 * "later", sweeps look at "now"); tests place events relative to {@link #NOW}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoint.health.show-components=always",
                // a test that makes the listener fail waits for its retries
                "closedloop.stream.retry.initial-interval=100ms",
                "closedloop.stream.retry.max-interval=500ms",
                // survey links as a customer gets them; the browser test swaps in the test server's port
                "closedloop.feedback.public-base-url=https://feedback.example.com",
                "closedloop.feedback.mail.dispatch-interval=200ms",
                "closedloop.feedback.mail.first-retry-after=300ms",
                "closedloop.feedback.mail.max-retry-after=1s",
                "closedloop.feedback.commands.relay-interval=100ms",
                "closedloop.feedback.closing.sweep-interval=500ms",
                "closedloop.feedback.closing.settle=1s",
                "resilience4j.retry.instances.mail.wait-duration=50ms",
                "resilience4j.circuitbreaker.instances.mail.wait-duration-in-open-state=1s",
                "resilience4j.timelimiter.instances.mail.timeout-duration=5s",
                "spring.mail.properties.mail.smtp.connectiontimeout=2000",
                "spring.mail.properties.mail.smtp.timeout=3000",
                "spring.mail.properties.mail.smtp.writetimeout=3000"})
@AutoConfigureObservability
@Import({AbstractIntegrationTest.RunningClock.class, SignedInAsAdmin.class})
public abstract class AbstractIntegrationTest {

    protected static final String DATABASE = "feedback";
    protected static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");
    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final String COMMANDS = Topic.COMPLAINT_COMMANDS.topicName();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().springProperties(DATABASE)
                .forEach((name, value) -> registry.add(name, () -> value));
        // intake-service owns and creates the topics in a real deployment; here nobody else does
        kafka().createTopic(Topic.COMPLAINT_EVENTS.topicName(), 6);
        kafka().createTopic(COMMANDS, 6);
        TestMailServer mail = TestMailServer.get();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", mail::smtpPort);
        // the journal mailbox on the same server, read through a gate a test can close (MailJournalIT)
        registry.add("closedloop.feedback.mail.journal.address", () -> TestMailServer.JOURNAL_ADDRESS);
        registry.add("closedloop.feedback.mail.journal.imap.host", () -> "127.0.0.1");
        registry.add("closedloop.feedback.mail.journal.imap.port", mail::journalImapPort);
        registry.add("closedloop.feedback.mail.journal.imap.password", () -> TestMailServer.JOURNAL_PASSWORD);
        registry.add("closedloop.feedback.mail.journal.imap.timeout", () -> "3s");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RunningClock {
        /** Starts at {@link #NOW} and runs. */
        @Bean
        @Primary
        Clock runningClock() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
        }
    }

    protected static KafkaTestClient kafka() {
        return SharedTestInfrastructure.get().kafkaClient();
    }

    protected static TestMailServer mailServer() {
        return TestMailServer.get();
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

    /** A customer mailbox of this test's own, so that tests never read each other's mail. */
    protected static String newMailbox(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /**
     * The commands this service sent for {@code complaintId} on {@code complaint.commands.v1}, as JSON trees,
     * read until one satisfies {@code wanted}.
     */
    protected static List<JsonNode> commandsUntil(String complaintId, Predicate<JsonNode> wanted) {
        return kafka().readUntil(COMMANDS, records -> commands(records, complaintId).stream().anyMatch(wanted),
                PATIENCE).stream().filter(r -> complaintId.equals(r.key())).map(AbstractIntegrationTest::tree)
                .toList();
    }

    /** The first command of {@code type} sent for {@code complaintId}. */
    protected static JsonNode command(String complaintId, String type) {
        return commandsUntil(complaintId, c -> type.equals(c.path("type").asText())).stream()
                .filter(c -> type.equals(c.path("type").asText())).findFirst().orElseThrow();
    }

    private static List<JsonNode> commands(List<ConsumerRecord<String, byte[]>> records, String complaintId) {
        return records.stream().filter(r -> complaintId.equals(r.key())).map(AbstractIntegrationTest::tree).toList();
    }

    private static JsonNode tree(ConsumerRecord<String, byte[]> record) {
        try {
            return ContractJson.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
