package io.closedloop.intake.it;

import io.closedloop.intake.privacy.TestMasterKeys;
import io.closedloop.security.test.SignedInAsAdmin;
import org.springframework.context.annotation.Import;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.LocalMailServer;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

/**
 * Base of intake's integration tests: the real service against one real Kafka broker (KRaft, child JVM) and one
 * real PostgreSQL, shared by every test class in the JVM, and one Spring context shared by every subclass (they
 * declare no configuration of their own, so Spring's context cache reuses it).
 */
@Import(SignedInAsAdmin.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
abstract class IntakeIntegrationTest {

    static final SharedTestInfrastructure INFRA = SharedTestInfrastructure.get();

    /** Reads and writes the topics as any outside Kafka client would. */
    final KafkaTestClient kafka = INFRA.kafkaClient();

    @Autowired
    WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRA.springProperties("intake").forEach((key, value) -> registry.add(key, () -> value));
        registry.add(TestMasterKeys.PROPERTY, TestMasterKeys::file);
        // a broker stopped on purpose should not stall a test for the default minute
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "20000");
        // the email channel reads the shared mail server's complaints mailbox and acknowledges through it
        mailbox(registry, LocalMailServer.COMPLAINTS_ADDRESS, LocalMailServer.COMPLAINTS_PASSWORD);
        registry.add("closedloop.intake.email.imap.poll-interval", () -> "300ms");
        // The event store's readers (the relay, the tracking-number projection) are woken by the commit that wrote
        // the events, never by a poll in these tests: every test that waits for the relay's records also checks
        // that its write path (HTTP, a topic's batch, a command) wakes them (WakeReadersOnCommitEventStore)
        registry.add("closedloop.intake.event-store.poll-interval", () -> "10m");
        // one adapter with a tiny limit for RateLimitIT; every other client keeps the generous defaults
        registry.add("closedloop.intake.rate-limit.clients." + RateLimitIT.NOISY + ".capacity", () -> "3");
        registry.add("closedloop.intake.rate-limit.clients." + RateLimitIT.NOISY + ".refill-tokens", () -> "1");
        registry.add("closedloop.intake.rate-limit.clients." + RateLimitIT.NOISY + ".refill-period", () -> "2s");
    }

    /** The email channel on the shared mail server: this mailbox, acknowledgements sent through the server. */
    static void mailbox(DynamicPropertyRegistry registry, String username, String password) {
        LocalMailServer mail = INFRA.mailServer();
        registry.add("closedloop.intake.email.enabled", () -> "true");
        registry.add("closedloop.intake.email.imap.host", mail::host);
        registry.add("closedloop.intake.email.imap.port", mail::imapPort);
        registry.add("closedloop.intake.email.imap.username", () -> username);
        registry.add("closedloop.intake.email.imap.password", () -> password);
        registry.add("closedloop.intake.email.ack.dispatch-interval", () -> "300ms");
        registry.add("closedloop.intake.email.ack.first-retry-after", () -> "1s");
        registry.add("closedloop.intake.email.ack.max-retry-after", () -> "2s");
        registry.add("spring.mail.host", mail::host);
        registry.add("spring.mail.port", mail::smtpPort);
    }

    WebTestClient client() {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }
}
