package io.closedloop.intake.it;

import io.closedloop.deploy.KafkaTestClient;
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
        // a broker stopped on purpose should not stall a test for the default minute
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "20000");
    }

    WebTestClient client() {
        return http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }
}
