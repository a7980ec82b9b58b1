package io.closedloop.intake.it;

import io.closedloop.intake.privacy.TestMasterKeys;
import io.closedloop.security.test.SignedInAsAdmin;
import org.springframework.context.annotation.Import;
import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.KafkaBroker;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.KafkaUserAcls;
import io.closedloop.deploy.LocalPostgres;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * intake-service on a Kafka broker secured like the Strimzi cluster of deploy/k8s: SCRAM-SHA-512 logins, ACLs
 * enforced, and for intake exactly the ACLs of its KafkaUser manifest (deploy/k8s/kafka/users/intake-service.yaml),
 * nothing more. The Kafka settings reach the service only as the environment variables the Kubernetes Deployment
 * sets, so every client intake builds (the listeners' consumers, the relay's transactional producers, the
 * dead-letter producer, the admin) must take them from Spring Boot's KafkaProperties, or it cannot log in. Topics
 * exist before the service starts, as Strimzi's topic operator would make them, and the service creates none
 * (CLOSEDLOOP_KAFKA_CREATE_TOPICS=false). Only TLS is left out: the listener is SASL_PLAINTEXT, not SASL_SSL.
 *
 * <p>This class has a broker of its own (stopped with its context, after the class) and a database of
 * its own on the shared PostgreSQL, so it disturbs neither the shared broker nor the other tests' relay.
 */
@Import(SignedInAsAdmin.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SecuredKafkaIT.KubernetesEnvironment.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SecuredKafkaIT {

    static final Path MANIFEST = Path.of("../deploy/k8s/kafka/users/intake-service.yaml");
    static final String USER = KafkaUserAcls.userName(MANIFEST);
    static final String PASSWORD = "intake-" + UUID.randomUUID();
    static final KafkaBroker.ScramSuperUser ADMIN = new KafkaBroker.ScramSuperUser("admin", "admin-" + UUID.randomUUID());
    static final KafkaBroker BROKER = securedBrokerWithIntakesUserAndTopics();

    @Autowired
    WebTestClient http;
    @Autowired
    ConfigurableApplicationContext context;

    /** The variables deploy/k8s sets for intake's Kafka clients (K8sManifestsTest checks the Deployment has them). */
    static Map<String, Object> kubernetesEnvironment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers());
        env.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"); // SASL_SSL on Kubernetes
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        // what Strimzi puts in the KafkaUser's Secret under sasl.jaas.config
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", KafkaBroker.jaasConfig(USER, PASSWORD));
        env.put("CLOSEDLOOP_KAFKA_CREATE_TOPICS", "false");
        env.put("CLOSEDLOOP_INTAKE_RELAY_INSTANCEID", "intake-service-7d9f-abcde"); // the pod's name
        env.put("CLOSEDLOOP_INTAKE_PERSONALDATA_MASTERKEYSFILE", TestMasterKeys.file()); // the mounted Secret
        return env;
    }

    static class KubernetesEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            // named like the real one, so Spring Boot maps SPRING_KAFKA_... to spring.kafka... the same way
            context.getEnvironment().getPropertySources().addFirst(
                    new SystemEnvironmentPropertySource("kubernetes-systemEnvironment", kubernetesEnvironment()));
            // registered before any bean, so destroyed after all of them when the context closes (after the class)
            ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("securedKafkaBroker", SecuredKafkaIT::stopBroker);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LocalPostgres postgres = SharedTestInfrastructure.get().postgres();
        postgres.createDatabaseIfMissing("intake_secured");
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl("intake_secured"));
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("closedloop.security.demo-credentials", () -> "true");
    }

    @Test
    void aComplaintFiledOverHttpReachesTheStreamThroughTheSecuredBrokerWithOnlyTheManifestsAcls() {
        assertThat(context.getBeansOfType(NewTopic.class)).as("no topic beans: the operator owns the topics").isEmpty();
        assertThat(context.getBeansOfType(KafkaAdmin.NewTopics.class)).isEmpty();

        JsonNode accepted = http.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("secured-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String complaintId = accepted.get("complaintId").asText();

        try (KafkaTestClient reader = new KafkaTestClient(BROKER.bootstrapServers(),
                KafkaBroker.clientProperties(ADMIN.name(), ADMIN.password()))) {
            // published by the relay's transactional producer, so read_committed sees it only once committed
            ConsumerRecord<String, byte[]> event = reader.readFirstWithKey(Topic.COMPLAINT_EVENTS.topicName(),
                    complaintId, Duration.ofSeconds(60));
            assertThat(KafkaTestClient.header(event, EventHeaders.SEQUENCE)).isEqualTo("0");
        }
    }

    @Test
    void intakesCredentialsCannotWriteATopicItDoesNotOwn() {
        try (KafkaTestClient asIntake = new KafkaTestClient(BROKER.bootstrapServers(),
                KafkaBroker.clientProperties(USER, PASSWORD))) {
            // commands are the deciding services' to write; intake only reads them
            assertThatThrownBy(() -> asIntake.send(Topic.COMPLAINT_COMMANDS.topicName(), "C-1", "{}".getBytes()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> asIntake.send(Topic.COMPLAINT_INTAKE.topicName(), "web:1", "{}".getBytes()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void intakesCredentialsCannotUseATransactionalIdOutsideTheRelaysPrefix() {
        Map<String, Object> config = new HashMap<>(KafkaBroker.clientProperties(USER, PASSWORD));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "someone-else-1");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    /** After the context's Kafka clients are closed, so none of them is left talking to a broker that is gone. */
    static void stopBroker() {
        BROKER.close();
        try (var files = Files.walk(BROKER.dataDir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaBroker securedBrokerWithIntakesUserAndTopics() {
        Path dir;
        try {
            dir = Files.createTempDirectory("intake-secured-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = KafkaBroker.startWithScram(dir, ADMIN);
        try (KafkaTestClient admin = new KafkaTestClient(broker.bootstrapServers(),
                KafkaBroker.clientProperties(ADMIN.name(), ADMIN.password()))) {
            admin.createScramUser(USER, PASSWORD);
            admin.createAcls(KafkaUserAcls.read(MANIFEST));
            for (String topic : List.of(Topic.COMPLAINT_INTAKE.topicName(), Topic.COMPLAINT_INTAKE_DLT.topicName(),
                    Topic.COMPLAINT_COMMANDS.topicName(), Topic.COMPLAINT_COMMANDS_DLT.topicName(),
                    Topic.COMPLAINT_EVENTS.topicName())) {
                admin.createTopic(topic, 2);
            }
        }
        return broker;
    }
}
