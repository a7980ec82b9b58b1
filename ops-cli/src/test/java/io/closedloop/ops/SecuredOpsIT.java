package io.closedloop.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.deploy.KafkaBroker;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.KafkaUserAcls;
import io.closedloop.ops.deadletter.IntakeRedrive;
import io.closedloop.ops.deadletter.RedriveLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * closed-loop-ops on a secured cluster, as deploy/k8s runs it: a broker that takes only SCRAM-SHA-512 logins and
 * enforces ACLs ({@link KafkaBroker#startWithScram}), the tool logging in with a {@code --command-config} file like
 * the one built from its KafkaUser's Secret (docs/operations.md, "Permissions"), and granted exactly the ACLs of
 * deploy/k8s/kafka/users/closed-loop-ops.yaml. The topics exist up front (Strimzi's topic operator owns them; the
 * tool has no Create). With those ACLs {@code lag}, {@code offsets reset}, {@code dlt list}, {@code dlt redrive}
 * and {@code export --from kafka} work; a user lacking any one ACL a command needs gets a one-line reason naming
 * the refused resource, exit code 1, no stack trace.
 */
class SecuredOpsIT {

    private static final Path MANIFEST = Path.of("../deploy/k8s/kafka/users/closed-loop-ops.yaml");
    private static final KafkaBroker.ScramSuperUser ADMIN = new KafkaBroker.ScramSuperUser("admin", "admin-secret");
    private static final String INTAKE = "complaint.intake.v1";
    private static final String INTAKE_DLT = INTAKE + ".dlt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static KafkaTestClient admin;
    private static KafkaTemplate<String, byte[]> deadLetterWriter;

    @BeforeAll
    static void securedBrokerWithTheManifestsUser() throws Exception {
        broker = KafkaBroker.startWithScram(dir.resolve("kafka"), ADMIN);
        admin = new KafkaTestClient(broker.bootstrapServers(), broker.superUserClientProperties());
        // the topic operator's part: every topic the tool touches, the compacted re-drive marks included
        for (String topic : List.of(INTAKE, INTAKE_DLT, "complaint.commands.v1", "complaint.commands.v1.dlt",
                "complaint.events.v1", "complaint.events.v1.routing-service.dlt",
                "complaint.events.v1.sla-timer-service.dlt", "complaint.events.v1.feedback-service.dlt",
                "complaint.events.v1.analytics-service.dlt")) {
            admin.createTopic(topic, 1);
        }
        try (Admin kafkaAdmin = superUserAdmin()) {
            kafkaAdmin.createTopics(List.of(new NewTopic(RedriveLog.TOPIC, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        List<AclBinding> manifest = KafkaUserAcls.read(MANIFEST);
        admin.createScramUser(KafkaUserAcls.userName(MANIFEST), password(KafkaUserAcls.userName(MANIFEST)));
        admin.createAcls(manifest);

        Map<String, Object> producer = new HashMap<>(broker.superUserClientProperties());
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        deadLetterWriter = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
    }

    @AfterAll
    static void stop() {
        if (deadLetterWriter != null) {
            deadLetterWriter.destroy();
        }
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void withExactlyTheManifestsAclsLagOffsetsResetDltListRedriveAndExportWork() throws Exception {
        Path config = commandConfig("closed-loop-ops");
        String key = "web:msg-" + UUID.randomUUID();
        RecordMetadata original = admin.send(INTAKE, key, "{\"channel\":\"web\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("adapter", "web-form"));
        ConsumerRecord<String, byte[]> dead = deadLetter(original, key);
        String deadLetter = INTAKE_DLT + "-" + dead.partition() + "@" + dead.offset();

        // intake-service's group at the start of its topic: every record there is lag
        OpsCli.Run reset = OpsCli.run(secured(config, "offsets", "reset", "intake-service", "--topic", INTAKE,
                "--to-earliest", "--execute"));
        OpsCli.Run lag = OpsCli.run(secured(config, "lag", "--format", "json"));
        OpsCli.Run list = OpsCli.run(secured(config, "dlt", "list"));
        OpsCli.Run redrive = OpsCli.run(secured(config, "dlt", "redrive", INTAKE_DLT,
                String.valueOf(dead.partition()), String.valueOf(dead.offset())));
        OpsCli.Run listAfter = OpsCli.run(secured(config, "dlt", "list", "--topic", INTAKE_DLT));
        String complaint = "C-" + UUID.randomUUID();
        admin.send("complaint.events.v1", complaint, ("{\"eventId\":\"e0\",\"type\":\"ComplaintReceived\","
                + "\"complaintId\":\"" + complaint + "\",\"sequence\":0,\"occurredAt\":\"2026-10-08T08:00:00Z\","
                + "\"payload\":{}}").getBytes(StandardCharsets.UTF_8));
        OpsCli.Run export = OpsCli.run(secured(config, "export", complaint, "--from", "kafka"));

        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(lag.exitCode()).as(lag.toString()).isZero();
        JsonNode intake = null;
        for (JsonNode group : JSON.readTree(lag.out())) {
            if (group.path("group").asText().equals("intake-service")) {
                intake = group;
            }
        }
        assertThat(intake).as(lag.out()).isNotNull();
        assertThat(intake.path("lagPerTopic").path(INTAKE).asLong()).as(lag.out()).isPositive();
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(deadLetter, "key=" + key, "complaint.events.v1.routing-service.dlt: 0");
        assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
        assertThat(redrive.out()).contains(deadLetter + ": re-driven to " + INTAKE);
        ConsumerRecord<String, byte[]> copy = admin.readUntil(INTAKE, redrivenCopyOf(deadLetter),
                Duration.ofSeconds(30)).stream().filter(redrivenCopyOf(deadLetter)::testOne).findFirst().orElseThrow();
        assertThat(copy.key()).isEqualTo(key);
        assertThat(listAfter.exitCode()).as(listAfter.toString()).isZero();
        assertThat(listAfter.out()).contains("re-driven", "by ");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("\"eventId\":\"e0\"", complaint);
    }

    @Test
    void aUserLackingOneAclACommandNeedsGetsTheRefusalNotAStackTrace() throws Exception {
        String key = "web:msg-" + UUID.randomUUID();
        RecordMetadata original = admin.send(INTAKE, key, "{\"channel\":\"web\"}".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> dead = deadLetter(original, key);
        String partition = String.valueOf(dead.partition());
        String offset = String.valueOf(dead.offset());

        // intake-service's group behind on its topic, so that lag reads past its committed offset
        try (Admin kafkaAdmin = superUserAdmin()) {
            kafkaAdmin.alterConsumerGroupOffsets("intake-service", Map.of(new TopicPartition(INTAKE, 0),
                    new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
        }

        OpsCli.Run lagWithoutTheGroup = OpsCli.run(secured(lacking("no-group", ResourceType.GROUP, "intake-service",
                AclOperation.DESCRIBE, AclOperation.READ), "lag"));
        OpsCli.Run lagWithoutTopicRead = OpsCli.run(secured(
                lacking("no-intake-read", ResourceType.TOPIC, INTAKE, AclOperation.READ), "lag", "-g", "intake-service"));
        OpsCli.Run resetWithoutGroupRead = OpsCli.run(secured(
                lacking("no-group-read", ResourceType.GROUP, "intake-service", AclOperation.READ),
                "offsets", "reset", "intake-service", "--topic", INTAKE, "--to-earliest", "--execute"));
        OpsCli.Run listWithoutDltRead = OpsCli.run(secured(
                lacking("no-dlt-read", ResourceType.TOPIC, INTAKE_DLT, AclOperation.READ),
                "dlt", "list", "--topic", INTAKE_DLT));
        OpsCli.Run redriveWithoutTransactionalId = OpsCli.run(secured(
                lacking("no-transactional-id", ResourceType.TRANSACTIONAL_ID,
                        IntakeRedrive.DEFAULT_TRANSACTIONAL_ID, AclOperation.WRITE),
                "dlt", "redrive", INTAKE_DLT, partition, offset));
        OpsCli.Run redriveWithoutTopicWrite = OpsCli.run(secured(
                lacking("no-intake-write", ResourceType.TOPIC, INTAKE, AclOperation.WRITE),
                "dlt", "redrive", INTAKE_DLT, partition, offset));
        OpsCli.Run redriveWithoutMarksWrite = OpsCli.run(secured(
                lacking("no-marks-write", ResourceType.TOPIC, RedriveLog.TOPIC, AclOperation.WRITE),
                "dlt", "redrive", INTAKE_DLT, partition, offset));

        refused(lagWithoutTheGroup, "intake-service");
        refused(lagWithoutTopicRead, INTAKE);
        refused(resetWithoutGroupRead, "group intake-service");
        refused(listWithoutDltRead, INTAKE_DLT);
        refused(redriveWithoutTransactionalId, "transactional id " + IntakeRedrive.DEFAULT_TRANSACTIONAL_ID);
        refused(redriveWithoutTopicWrite, INTAKE);
        refused(redriveWithoutMarksWrite, RedriveLog.TOPIC);
        // the failed re-drives left neither a copy nor a mark: the tool with its real ACLs re-drives it now
        OpsCli.Run redrive = OpsCli.run(secured(commandConfig("closed-loop-ops"), "dlt", "redrive", INTAKE_DLT,
                partition, offset));
        assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
        assertThat(redrive.out()).contains("1 re-driven, 0 re-driven before");
    }

    private static void refused(OpsCli.Run run, String resource) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(OpsException.FAILED);
        assertThat(run.err()).as(run.toString()).contains("Kafka refused the tool", resource,
                        "check --command-config and the ACLs of its principal")
                .as("one line").hasLineCount(1)
                .doesNotContain("unexpected failure").doesNotContain("\tat ");
    }

    /** A user with the manifest's ACLs but one: its own name, so that the real user keeps them all. */
    private static Path lacking(String user, ResourceType type, String name, AclOperation... operations)
            throws IOException {
        List<AclBinding> acls = new ArrayList<>();
        for (AclBinding binding : KafkaUserAcls.read(MANIFEST)) {
            boolean left = binding.pattern().resourceType() == type && binding.pattern().name().equals(name)
                    && List.of(operations).contains(binding.entry().operation());
            if (!left) {
                acls.add(new AclBinding(binding.pattern(), new AccessControlEntry("User:" + user,
                        binding.entry().host(), binding.entry().operation(), binding.entry().permissionType())));
            }
        }
        assertThat(acls).as("the manifest grants " + List.of(operations) + " on " + type + " " + name)
                .hasSize(KafkaUserAcls.read(MANIFEST).size() - operations.length);
        admin.createScramUser(user, password(user));
        admin.createAcls(acls);
        return commandConfig(user);
    }

    private static Admin superUserAdmin() {
        Map<String, Object> superUser = new HashMap<>(broker.superUserClientProperties());
        superUser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(superUser);
    }

    /** The properties file an operator builds from the KafkaUser's Secret (docs/operations.md, "Permissions"). */
    private static Path commandConfig(String user) throws IOException {
        Properties properties = new Properties();
        properties.putAll(KafkaBroker.clientProperties(user, password(user)));
        Path file = dir.resolve(user + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "closed-loop-ops as " + user);
        }
        return file;
    }

    private static String[] secured(Path commandConfig, String... args) {
        String[] withConnection = OpsCli.with(broker.bootstrapServers(), args);
        String[] all = java.util.Arrays.copyOf(withConnection, withConnection.length + 2);
        all[withConnection.length] = "--command-config";
        all[withConnection.length + 1] = commandConfig.toString();
        return all;
    }

    private static String password(String user) {
        return user + "-secret";
    }

    /** A dead letter of the record, written by spring-kafka's recoverer as intake-service writes them. */
    private static ConsumerRecord<String, byte[]> deadLetter(RecordMetadata original, String key) {
        ConsumerRecord<String, byte[]> record = admin.readFirstWithKey(original.topic(), key, Duration.ofSeconds(30));
        var recoverer = new DeadLetterPublishingRecoverer(deadLetterWriter,
                (r, e) -> new TopicPartition(original.topic() + ".dlt", -1));
        recoverer.accept(record, new ListenerExecutionFailedException("Listener method threw exception",
                "intake-service", new IllegalStateException("the database was away")));
        deadLetterWriter.flush();
        return admin.readFirstWithKey(original.topic() + ".dlt", key, Duration.ofSeconds(30));
    }

    private record RedrivenCopy(String deadLetter) implements Predicate<List<ConsumerRecord<String, byte[]>>> {
        @Override
        public boolean test(List<ConsumerRecord<String, byte[]>> records) {
            return records.stream().anyMatch(this::testOne);
        }

        boolean testOne(ConsumerRecord<String, byte[]> record) {
            return deadLetter.equals(KafkaTestClient.header(record, IntakeRedrive.REDRIVEN_FROM_HEADER));
        }
    }

    private static RedrivenCopy redrivenCopyOf(String deadLetter) {
        return new RedrivenCopy(deadLetter);
    }
}
