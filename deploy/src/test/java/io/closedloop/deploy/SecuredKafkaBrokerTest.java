package io.closedloop.deploy;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The KafkaUser manifests of deploy/k8s, applied to a real broker that enforces them: SCRAM-SHA-512 logins and
 * ACLs ({@link KafkaBroker#startWithScram}). Each service's user can write exactly the topics its manifest grants and
 * no other, which is what makes the ACLs mean something; K8sManifestsTest checks that those grants are what the
 * code uses.
 */
class SecuredKafkaBrokerTest {

    static final Path USERS = Path.of("k8s/kafka/users");
    static final List<String> SERVICES = List.of(
            "intake-service", "routing-service", "sla-timer-service", "feedback-service", "analytics-service");
    static final KafkaBroker.ScramSuperUser ADMIN = new KafkaBroker.ScramSuperUser("admin", "admin-secret");

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static KafkaTestClient admin;

    @BeforeAll
    static void secureBrokerWithTheManifestsUsersAndAcls() {
        broker = KafkaBroker.startWithScram(dir.resolve("kafka"), ADMIN);
        admin = new KafkaTestClient(broker.bootstrapServers(), KafkaBroker.clientProperties(ADMIN.name(), ADMIN.password()));
        for (String service : SERVICES) {
            Path manifest = USERS.resolve(service + ".yaml");
            admin.createScramUser(KafkaUserAcls.userName(manifest), password(service));
            admin.createAcls(KafkaUserAcls.read(manifest));
        }
        for (String topic : topics()) {
            admin.createTopic(topic, 1);
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachServiceWritesExactlyTheTopicsItsManifestGrants() {
        Map<String, TreeSet<String>> writable = new TreeMap<>();
        Map<String, TreeSet<String>> granted = new TreeMap<>();
        for (String service : SERVICES) {
            writable.put(service, new TreeSet<>());
            granted.put(service, new TreeSet<>());
            List<AclBinding> acls = KafkaUserAcls.read(USERS.resolve(service + ".yaml"));
            try (var producer = producer(service)) {
                for (String topic : topics()) {
                    if (canWrite(producer, topic)) {
                        writable.get(service).add(topic);
                    }
                    if (grantsWrite(acls, topic)) {
                        granted.get(service).add(topic);
                    }
                }
            }
        }
        assertThat(writable).isEqualTo(granted);
        // and the grants are the single writers of the contract (K8sManifestsTest ties them to the code)
        assertThat(writable.get("intake-service")).containsExactly(
                "complaint.commands.v1.dlt", "complaint.events.v1", "complaint.intake.v1.dlt");
        assertThat(writable.get("analytics-service")).containsExactly("complaint.events.v1.analytics-service.dlt");
        assertThat(writable.get("routing-service")).contains("complaint.commands.v1", "dept.billing.complaints.v1")
                .doesNotContain("complaint.events.v1");
    }

    @Test
    void aConsumerReadsOnlyInItsOwnGroup() {
        try (var ownGroup = consumer("analytics-service", "analytics-service")) {
            ownGroup.subscribe(List.of("complaint.events.v1"));
            ownGroup.poll(Duration.ofSeconds(2));
            ownGroup.commitSync(); // joined, fetched and committed as its own group
        }
        try (var otherGroup = consumer("analytics-service", "routing-service")) {
            otherGroup.subscribe(List.of("complaint.events.v1"));
            assertThatThrownBy(() -> otherGroup.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
        try (var notItsTopic = consumer("analytics-service", "analytics-service")) {
            notItsTopic.subscribe(List.of("complaint.commands.v1"));
            assertThatThrownBy(() -> notItsTopic.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> config = new HashMap<>(KafkaBroker.clientProperties("routing-service", "not-the-password"));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("complaint.commands.v1", "C-1", "{}"))
                    .get(20, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    static boolean canWrite(KafkaProducer<String, String> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "C-1", "{}")).get(20, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            throw new AssertionError("writing " + topic + " failed for another reason than an ACL", e.getCause());
        } catch (TopicAuthorizationException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError("writing " + topic + " failed for another reason than an ACL", e);
        }
    }

    static boolean grantsWrite(List<AclBinding> acls, String topic) {
        return acls.stream().anyMatch(acl -> acl.pattern().resourceType() == ResourceType.TOPIC
                && acl.entry().operation() == AclOperation.WRITE
                && (acl.pattern().patternType() == PatternType.PREFIXED
                        ? topic.startsWith(acl.pattern().name()) : topic.equals(acl.pattern().name())));
    }

    /** The contract's topics, every service's dead-letter topic and one department topic. */
    static List<String> topics() {
        List<String> topics = new ArrayList<>(List.of("complaint.intake.v1", "complaint.intake.v1.dlt",
                "complaint.commands.v1", "complaint.commands.v1.dlt", "complaint.events.v1",
                "dept.billing.complaints.v1"));
        SERVICES.stream().filter(s -> !s.equals("intake-service"))
                .forEach(s -> topics.add("complaint.events.v1." + s + ".dlt"));
        return topics;
    }

    static String password(String service) {
        return service + "-secret";
    }

    /** An idempotent producer (Kafka's default), as every service's: it needs no cluster IdempotentWrite ACL. */
    static KafkaProducer<String, String> producer(String service) {
        Map<String, Object> config = new LinkedHashMap<>(KafkaBroker.clientProperties(service, password(service)));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(String service, String group) {
        Map<String, Object> config = new LinkedHashMap<>(KafkaBroker.clientProperties(service, password(service)));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
