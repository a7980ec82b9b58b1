package io.closedloop.deploy;

import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests (deploy/k8s) cannot be applied here (no cluster), so this checks what can be checked
 * without one, like {@link ComposeFileTest} for the compose file: every file parses and is in the Kustomization; the
 * Strimzi cluster is three KRaft nodes with a TLS + SCRAM listener and ACLs enforced; every topic of the contract
 * (shared-events' Topic), every dead-letter topic and every department of routing's default rules has a KafkaTopic
 * with 3 replicas and min ISR 2; each Deployment runs the Maven-built image on the service's port, probes the health
 * groups it exposes, and sets only variables that map to real properties; each KafkaUser's ACLs are exactly what the
 * service's code reads, writes and joins, and closed-loop-ops' user's what ops-cli's commands call (with its
 * compacted re-drive marks' topic). Paths are relative to the deploy module, where Surefire runs.
 */
class K8sManifestsTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path K8S = Path.of("k8s");
    private static final List<String> SERVICES = List.of(
            "intake-service", "routing-service", "sla-timer-service", "feedback-service", "analytics-service");
    private static final String KAFKA_CLUSTER = "closed-loop";

    /**
     * Spring Boot's own Kafka client properties (KafkaProperties) the manifests set and no application.yml has a
     * default for, because a default would be wrong for local runs (a trust store, a login). SecuredKafkaIT in
     * intake-service runs the service with these very variable names.
     */
    private static final Set<String> SPRING_KAFKA_CLIENT_PROPERTIES = Set.of(
            "spring.kafka.properties.sasl.mechanism", "spring.kafka.properties.sasl.jaas.config",
            "spring.kafka.ssl.trust-store-type", "spring.kafka.ssl.trust-store-certificates");

    /** Every document of every manifest, by kind, then name. */
    private static final Map<String, Map<String, Map<String, Object>>> resources = new LinkedHashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readEveryManifestTheKustomizationNames() throws IOException {
        Map<String, Object> kustomization = single(K8S.resolve("kustomization.yaml"));
        List<String> listed = (List<String>) kustomization.get("resources");
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(K8S)) {
            onDisk = files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
                    .map(f -> K8S.relativize(f).toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(new TreeSet<>(listed)).as("the Kustomization names every manifest").isEqualTo(onDisk);
        for (String file : listed) {
            for (Object document : new Yaml().loadAll(Files.readString(K8S.resolve(file)))) {
                assertThat(document).as(file + " document").isInstanceOf(Map.class);
                Map<String, Object> resource = (Map<String, Object>) document;
                assertThat(resource).as(file).containsKeys("apiVersion", "kind", "metadata");
                String name = (String) map(resource, "metadata").get("name");
                assertThat(name).as(file + " metadata.name").isNotBlank();
                Object previous = resources.computeIfAbsent((String) resource.get("kind"), k -> new LinkedHashMap<>())
                        .put(name, resource);
                assertThat(previous).as("one " + resource.get("kind") + " " + name).isNull();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaIsThreeKraftNodesWithATlsScramListenerAndAclsEnforced() {
        Map<String, Object> kafka = resource("Kafka", KAFKA_CLUSTER);
        assertThat(map(kafka, "metadata", "annotations")).containsEntry("strimzi.io/node-pools", "enabled")
                .containsEntry("strimzi.io/kraft", "enabled");
        Map<String, Object> spec = map(kafka, "spec", "kafka");
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) spec.get("listeners");
        assertThat(listeners).as("one listener, TLS with SCRAM-SHA-512").hasSize(1);
        assertThat(listeners.get(0)).containsEntry("tls", true);
        assertThat(map(listeners.get(0), "authentication")).containsEntry("type", "scram-sha-512");
        assertThat(map(spec, "authorization")).containsEntry("type", "simple");
        Map<String, Object> config = map(spec, "config");
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3)
                .containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2).containsEntry("auto.create.topics.enable", false);
        assertThat(map(kafka, "spec", "entityOperator")).containsKeys("topicOperator", "userOperator");

        int nodes = 0;
        Set<String> roles = new TreeSet<>();
        for (Map<String, Object> pool : resources.get("KafkaNodePool").values()) {
            assertThat(map(pool, "metadata", "labels")).containsEntry("strimzi.io/cluster", KAFKA_CLUSTER);
            nodes += (Integer) map(pool, "spec").get("replicas");
            roles.addAll((List<String>) map(pool, "spec").get("roles"));
            for (Map<String, Object> volume : (List<Map<String, Object>>) map(pool, "spec", "storage").get("volumes")) {
                assertThat(volume).containsEntry("type", "persistent-claim").containsEntry("deleteClaim", false);
            }
        }
        assertThat(nodes).isEqualTo(3);
        assertThat(roles).containsExactly("broker", "controller");
    }

    @Test
    void everyTopicHasAKafkaTopicWithThreeReplicasMinIsrTwoAndRetentionForEver() throws IOException {
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        resources.get("KafkaTopic").values().forEach(t -> topics.put((String) map(t, "spec").get("topicName"), t));
        Set<String> expected = new TreeSet<>(contractTopics().keySet());
        for (String service : consumersWithDeadLetterTopics()) {
            expected.add("complaint.events.v1." + service + ".dlt");
        }
        for (String department : defaultDepartments()) {
            expected.add("dept." + department + ".complaints.v1");
        }
        String redriveMarks = opsConstant("deadletter/RedriveLog.java", "TOPIC");
        expected.add(redriveMarks);
        assertThat(new TreeSet<>(topics.keySet())).isEqualTo(expected);
        // closed-loop-ops' re-drive marks: compacted (the latest mark per dead letter), one partition, and as safe
        // from a broker's loss as the records it marks
        Map<String, Object> marks = map(topics.remove(redriveMarks), "spec");
        assertThat(marks).containsEntry("partitions", 1).containsEntry("replicas", 3);
        assertThat(map(marks, "config")).containsEntry("cleanup.policy", "compact").containsEntry("min.insync.replicas", 2);
        assertThat(map(resource("KafkaTopic", redriveMarks), "metadata", "labels"))
                .containsEntry("strimzi.io/cluster", KAFKA_CLUSTER);
        int departmentPartitions = (Integer) flatten(applicationYml("routing-service"))
                .get("closedloop.routing.department-topics.partitions");
        for (var entry : topics.entrySet()) {
            Map<String, Object> spec = map(entry.getValue(), "spec");
            assertThat(map(entry.getValue(), "metadata", "labels")).containsEntry("strimzi.io/cluster", KAFKA_CLUSTER);
            assertThat(spec.get("replicas")).as(entry.getKey()).isEqualTo(3);
            assertThat(map(spec, "config")).as(entry.getKey()).containsEntry("min.insync.replicas", 2)
                    .containsEntry("cleanup.policy", "delete");
            // submissions hold personal data in clear: kept no longer than an erasure may take (30 days)
            Object retention = map(spec, "config").get("retention.ms");
            if (entry.getKey().startsWith("complaint.intake.v1")) {
                assertThat(((Number) retention).longValue()).as(entry.getKey()).isPositive()
                        .isLessThanOrEqualTo(java.time.Duration.ofDays(30).toMillis());
            } else {
                assertThat(retention).as(entry.getKey()).isEqualTo(-1);
            }
            assertThat((Integer) spec.get("partitions")).as(entry.getKey()).isPositive();
            if (entry.getKey().startsWith("dept.")) {
                // the same count routing gives a department's topic it creates itself
                assertThat(spec.get("partitions")).as(entry.getKey()).isEqualTo(departmentPartitions);
            }
        }
        // the stream and the commands: room for every consumer of a group (2 pods x listener threads)
        for (String topic : List.of("complaint.events.v1", "complaint.commands.v1")) {
            assertThat((Integer) map(topics.get(topic), "spec").get("partitions")).as(topic).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceRunsItsMavenBuiltImageOnItsPortWithItsHealthGroupsAsProbes() throws Exception {
        String image = ComposeFileTestSupport.springBootImageName(REPOSITORY.resolve("pom.xml"));
        String version = text(xml(REPOSITORY.resolve("pom.xml")).getDocumentElement(), "version");
        for (String name : SERVICES) {
            Map<String, Object> properties = flatten(applicationYml(name));
            Object port = properties.get("server.port");
            Map<String, Object> deployment = resource("Deployment", name);
            assertThat(map(deployment, "spec").get("replicas")).as(name + " replicas").isEqualTo(2);
            Map<String, Object> container = container(deployment);
            String artifactId = text(xml(REPOSITORY.resolve(name).resolve("pom.xml")).getDocumentElement(), "artifactId");
            assertThat(container.get("image")).as(name + " image").isEqualTo(image
                    .replace("${project.artifactId}", artifactId).replace("${project.version}", version));
            List<Map<String, Object>> ports = (List<Map<String, Object>>) container.get("ports");
            assertThat(ports).hasSize(1);
            assertThat(ports.get(0)).containsEntry("containerPort", port).containsEntry("name", "http");

            Map<String, Object> service = resource("Service", name);
            List<Map<String, Object>> servicePorts = (List<Map<String, Object>>) map(service, "spec").get("ports");
            assertThat(servicePorts.get(0)).containsEntry("port", port).containsEntry("targetPort", "http");
            assertThat(map(service, "spec", "selector")).isEqualTo(map(deployment, "spec", "selector", "matchLabels"));

            assertThat(properties.get("management.endpoint.health.probes.enabled")).as(name + " probes").isEqualTo(true);
            assertThat(String.valueOf(properties.get("management.endpoint.health.group.readiness.include")))
                    .as(name + " readiness group").contains("readinessState");
            assertThat(map(container, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
            assertThat(map(container, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
            assertThat(map(container, "startupProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
            assertThat(map(container, "resources", "limits")).containsKey("memory");

            Map<String, Object> annotations = map(deployment, "spec", "template", "metadata", "annotations");
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(port))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(String.valueOf(properties.get("management.endpoints.web.exposure.include"))).contains("prometheus");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableOverridesARealPropertyAndTheSecretsAreTheOperatorsAndTheDatabases() throws IOException {
        String bootstrap = KAFKA_CLUSTER + "-kafka-bootstrap:"
                + ((List<Map<String, Object>>) map(resource("Kafka", KAFKA_CLUSTER), "spec", "kafka").get("listeners"))
                .get(0).get("port");
        for (String name : SERVICES) {
            Map<String, Object> properties = flatten(applicationYml(name));
            Map<String, String> byVariable = new LinkedHashMap<>();
            properties.keySet().forEach(key -> environmentVariables(key).forEach(variable -> byVariable.put(variable, key)));
            SPRING_KAFKA_CLIENT_PROPERTIES.forEach(key -> environmentVariables(key).forEach(v -> byVariable.put(v, key)));

            Map<String, Object> env = environment(resource("Deployment", name));
            for (String variable : env.keySet()) {
                assertThat(byVariable).as(name + ": " + variable + " overrides a property of its application.yml or "
                        + "one of Spring Boot's Kafka client properties").containsKey(variable);
            }
            assertThat(env).as(name).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM")
                    .containsEntry("CLOSEDLOOP_KAFKA_CREATE_TOPICS", "false");
            assertThat(properties).as(name).containsKey("closedloop.kafka.create-topics");
            // Strimzi's Secrets: the KafkaUser's (named after it) and the cluster CA's
            assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).as(name)
                    .isEqualTo(Map.of("secret", name, "key", "sasl.jaas.config"));
            assertThat(resources.get("KafkaUser")).as(name + " has a KafkaUser").containsKey(name);
            assertThat(env.get("SPRING_KAFKA_SSL_TRUST_STORE_CERTIFICATES"))
                    .isEqualTo(Map.of("secret", KAFKA_CLUSTER + "-cluster-ca-cert", "key", "ca.crt"));

            // the service's own database, with the role that owns it
            String localUrl = (String) properties.get("spring.datasource.url");
            String database = localUrl.substring(localUrl.lastIndexOf('/') + 1);
            assertThat(env.get("SPRING_DATASOURCE_URL")).as(name)
                    .isEqualTo("jdbc:postgresql://closed-loop-db-rw:5432/" + database);
            Map<String, Object> username = (Map<String, Object>) env.get("SPRING_DATASOURCE_USERNAME");
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD"))
                    .isEqualTo(Map.of("secret", username.get("secret"), "key", "password"));
            Map<String, Object> secret = resource("Secret", (String) username.get("secret"));
            assertThat(map(secret, "stringData")).containsEntry("username", database);
            assertThat(databaseOwners()).as("CloudNativePG makes database " + database).containsEntry(database, database);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void intakeMountsItsMasterKeysFromASecretMadeFromAFileThatIsNeverCommitted() throws IOException {
        Map<String, Object> deployment = resource("Deployment", "intake-service");
        String file = (String) environment(deployment).get("CLOSEDLOOP_INTAKE_PERSONALDATA_MASTERKEYSFILE");
        Map<String, Object> mount = ((List<Map<String, Object>>) container(deployment).get("volumeMounts")).stream()
                .filter(m -> file.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow();
        assertThat(mount).containsEntry("readOnly", true);
        Map<String, Object> volume = ((List<Map<String, Object>>) map(deployment, "spec", "template", "spec")
                .get("volumes")).stream().filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        String secretName = (String) map(volume, "secret").get("secretName");
        String key = file.substring(((String) mount.get("mountPath")).length() + 1);

        List<Map<String, Object>> generated = (List<Map<String, Object>>) single(K8S.resolve("kustomization.yaml"))
                .get("secretGenerator");
        Map<String, Object> generator = generated.stream().filter(g -> g.get("name").equals(secretName))
                .findFirst().orElseThrow();
        String source = ((List<String>) generator.get("files")).get(0);
        assertThat(source).startsWith(key + "=secrets/");
        assertThat(Files.readAllLines(REPOSITORY.resolve(".gitignore"))).contains("deploy/k8s/secrets/");
    }

    @Test
    void eachKafkaUserHasExactlyTheAclsItsServicesCodeNeeds() throws IOException {
        Map<String, List<String>> writers = contractTopics();
        Set<String> withDeadLetterTopics = consumersWithDeadLetterTopics();
        for (String service : SERVICES) {
            String code = javaSources(service);
            Set<String> expected = new TreeSet<>();
            Matcher listener = Pattern.compile("@KafkaListener\\((.*?)\\)\\s*$", Pattern.MULTILINE | Pattern.DOTALL)
                    .matcher(code);
            Set<String> groups = new TreeSet<>();
            while (listener.find()) {
                String attributes = listener.group(1);
                Matcher group = Pattern.compile("groupId = \"([^\"]+)\"").matcher(attributes);
                assertThat(group.find()).as(service + " names its listener's group: " + attributes).isTrue();
                groups.add(group.group(1).replace("${spring.application.name}", service));
                for (String topic : listenedTopics(attributes)) {
                    expected.add(acl("TOPIC", "LITERAL", topic, "READ"));
                    expected.add(acl("TOPIC", "LITERAL", topic, "DESCRIBE"));
                }
            }
            assertThat(groups).as(service + " consumer groups").isNotEmpty();
            groups.forEach(group -> expected.add(acl("GROUP", "LITERAL", group, "READ")));
            writers.forEach((topic, topicWriters) -> {
                if (topicWriters.stream().anyMatch(w -> w.startsWith(service))) {
                    expected.add(acl("TOPIC", "LITERAL", topic, "WRITE"));
                    expected.add(acl("TOPIC", "LITERAL", topic, "DESCRIBE"));
                }
            });
            if (withDeadLetterTopics.contains(service)) {
                String deadLetters = "complaint.events.v1." + service + ".dlt";
                expected.add(acl("TOPIC", "LITERAL", deadLetters, "WRITE"));
                expected.add(acl("TOPIC", "LITERAL", deadLetters, "DESCRIBE"));
            }
            if (code.contains("Topic.departmentTopic(")) {
                // department topics: written, and created on first use (departments are data, see DepartmentFanOut)
                for (String operation : List.of("WRITE", "DESCRIBE", "CREATE")) {
                    expected.add(acl("TOPIC", "PREFIXED", "dept.", operation));
                }
            }
            Matcher transactional = Pattern.compile("return \"([a-z-]+-)\" \\+ instanceId").matcher(code);
            if (code.contains("setTransactionIdPrefix(")) {
                assertThat(transactional.find()).as(service + " transactional id prefix").isTrue();
                expected.add(acl("TRANSACTIONAL_ID", "PREFIXED", transactional.group(1), "WRITE"));
                expected.add(acl("TRANSACTIONAL_ID", "PREFIXED", transactional.group(1), "DESCRIBE"));
            }
            // each written topic is named in the service's code, so the contract's writers are not just words
            for (var written : writers.entrySet()) {
                if (written.getValue().stream().anyMatch(w -> w.startsWith(service))) {
                    assertThat(code).as(service + " writes " + written.getKey())
                            .contains("Topic." + constantOf(written.getKey()));
                }
            }

            Set<String> granted = new TreeSet<>();
            for (AclBinding binding : KafkaUserAcls.read(K8S.resolve("kafka/users/" + service + ".yaml"))) {
                assertThat(binding.entry().principal()).isEqualTo("User:" + service);
                assertThat(binding.entry().host()).isEqualTo("*");
                assertThat(binding.entry().permissionType().name()).isEqualTo("ALLOW");
                granted.add(acl(binding.pattern().resourceType().name(), binding.pattern().patternType().name(),
                        binding.pattern().name(), binding.entry().operation().name()));
            }
            assertThat(granted).as(service + " ACLs").isEqualTo(expected);
        }
    }

    /**
     * closed-loop-ops' user: what each of its Kafka commands calls, from ops-cli's code. The consumer groups are the
     * services' (ops-cli's Service); the topics are those groups' topics, every dead-letter topic, intake's two input
     * topics as re-drive targets, and the re-drive marks; the transactional id is the re-drive's default.
     */
    @Test
    void theOpsToolsKafkaUserHasExactlyTheAclsItsCommandsNeed() throws IOException {
        String code = javaSources("ops-cli");
        Set<String> expected = new TreeSet<>();
        Matcher service = Pattern.compile("[A-Z_]+\\(\"([a-z-]+-service)\", \"[a-z-]+\"\\)").matcher(code);
        Set<String> groups = new TreeSet<>();
        while (service.find()) {
            groups.add(service.group(1));
        }
        assertThat(groups).as("ops-cli's Service names the five services").containsExactlyInAnyOrderElementsOf(SERVICES);
        // lag: describeConsumerGroups and listConsumerGroupOffsets need Describe on the group
        assertThat(code).contains("admin.describeConsumerGroups(", "admin.listConsumerGroupOffsets(");
        // offsets reset --execute: alterConsumerGroupOffsets is an OffsetCommit, Read on the group and the topic
        assertThat(code).contains("admin.alterConsumerGroupOffsets(");
        for (String group : groups) {
            expected.add(acl("GROUP", "LITERAL", group, "DESCRIBE"));
            expected.add(acl("GROUP", "LITERAL", group, "READ"));
        }
        // the topics of those groups (lag fetches past a committed offset; offsets reset moves them; export reads
        // the stream): each service's listened topics, as the services' own ACLs say
        Set<String> consumed = new TreeSet<>();
        for (String name : SERVICES) {
            for (AclBinding binding : KafkaUserAcls.read(K8S.resolve("kafka/users/" + name + ".yaml"))) {
                if (binding.pattern().resourceType().name().equals("TOPIC")
                        && binding.entry().operation().name().equals("READ")) {
                    consumed.add(binding.pattern().name());
                }
            }
        }
        assertThat(consumed).containsExactlyInAnyOrder("complaint.events.v1", "complaint.commands.v1", "complaint.intake.v1");
        // dlt list / show / redrive read every dead-letter topic (ACLs have no suffix pattern: each by name)
        Set<String> deadLetterTopics = resources.get("KafkaTopic").values().stream()
                .map(t -> (String) map(t, "spec").get("topicName")).filter(t -> t.endsWith(".dlt"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(deadLetterTopics).hasSize(6);
        for (String topic : union(consumed, deadLetterTopics)) {
            expected.add(acl("TOPIC", "LITERAL", topic, "READ"));
            expected.add(acl("TOPIC", "LITERAL", topic, "DESCRIBE"));
        }
        // dlt redrive: intake's dead letters go back to their topic (DeadLetterTopics.Kind.INTAKE), with a mark
        assertThat(code).contains("Topic.COMPLAINT_INTAKE_DLT.topicName()", "Topic.COMPLAINT_COMMANDS_DLT.topicName()");
        String marks = opsConstant("deadletter/RedriveLog.java", "TOPIC");
        for (String topic : List.of("complaint.intake.v1", "complaint.commands.v1", marks)) {
            expected.add(acl("TOPIC", "LITERAL", topic, "WRITE"));
        }
        expected.add(acl("TOPIC", "LITERAL", marks, "READ"));
        expected.add(acl("TOPIC", "LITERAL", marks, "DESCRIBE"));
        String transactionalId = opsConstant("deadletter/IntakeRedrive.java", "DEFAULT_TRANSACTIONAL_ID");
        expected.add(acl("TRANSACTIONAL_ID", "LITERAL", transactionalId, "WRITE"));
        expected.add(acl("TRANSACTIONAL_ID", "LITERAL", transactionalId, "DESCRIBE"));

        Set<String> granted = new TreeSet<>();
        for (AclBinding binding : KafkaUserAcls.read(K8S.resolve("kafka/users/closed-loop-ops.yaml"))) {
            assertThat(binding.entry().principal()).isEqualTo("User:closed-loop-ops");
            assertThat(binding.entry().host()).isEqualTo("*");
            assertThat(binding.entry().permissionType().name()).isEqualTo("ALLOW");
            granted.add(acl(binding.pattern().resourceType().name(), binding.pattern().patternType().name(),
                    binding.pattern().name(), binding.entry().operation().name()));
        }
        assertThat(granted).as("closed-loop-ops ACLs").isEqualTo(expected);
        assertThat(map(resource("KafkaUser", "closed-loop-ops"), "spec", "authentication"))
                .containsEntry("type", "scram-sha-512");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A string constant of ops-cli's code, e.g. RedriveLog.TOPIC (deploy does not depend on ops-cli). */
    private static String opsConstant(String file, String name) throws IOException {
        String source = Files.readString(REPOSITORY.resolve("ops-cli/src/main/java/io/closedloop/ops").resolve(file));
        Matcher m = Pattern.compile("static final String " + name + " = \"([^\"]+)\";").matcher(source);
        assertThat(m.find()).as(name + " in " + file).isTrue();
        return m.group(1);
    }

    @Test
    void theSecuredIntakeTestUsesTheVariablesOfTheDeployment() throws IOException {
        String it = Files.readString(REPOSITORY.resolve(
                "intake-service/src/test/java/io/closedloop/intake/it/SecuredKafkaIT.java"));
        Matcher variable = Pattern.compile("env\\.put\\(\"([A-Z_]+)\"").matcher(it);
        Set<String> used = new TreeSet<>();
        while (variable.find()) {
            used.add(variable.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(environment(resource("Deployment", "intake-service")).keySet()).containsAll(used);
    }

    // ---- what the code and the contract say

    /** shared-events' Topic: each topic name with its writers, read from the source (deploy does not depend on it). */
    private static Map<String, List<String>> contractTopics() throws IOException {
        String source = Files.readString(REPOSITORY.resolve(
                "shared-events/src/main/java/io/closedloop/contract/topic/Topic.java"));
        Matcher entry = Pattern.compile(
                "([A-Z_]+)\\(\"([a-z0-9.]+)\",[^;]*?List\\.of\\(((?:\\s*\"[^\"]*\"\\s*,?)*)\\)\\)", Pattern.DOTALL)
                .matcher(source);
        Map<String, List<String>> topics = new LinkedHashMap<>();
        while (entry.find()) {
            List<String> writers = new ArrayList<>();
            Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(entry.group(3));
            while (quoted.find()) {
                writers.add(quoted.group(1));
            }
            topics.put(entry.group(2), writers);
        }
        assertThat(topics).as("topics in Topic.java").containsKeys("complaint.events.v1", "complaint.commands.v1",
                "complaint.intake.v1");
        return topics;
    }

    private static String constantOf(String topic) throws IOException {
        String source = Files.readString(REPOSITORY.resolve(
                "shared-events/src/main/java/io/closedloop/contract/topic/Topic.java"));
        Matcher m = Pattern.compile("([A-Z_]+)\\(\"" + Pattern.quote(topic) + "\"").matcher(source);
        assertThat(m.find()).as(topic + " in Topic.java").isTrue();
        return m.group(1);
    }

    private static List<String> listenedTopics(String listenerAttributes) throws IOException {
        List<String> topics = new ArrayList<>();
        Matcher literal = Pattern.compile("topics = \"([a-z0-9.]+)\"").matcher(listenerAttributes);
        while (literal.find()) {
            topics.add(literal.group(1));
        }
        Matcher constant = Pattern.compile("Topic\\)\\.([A-Z_]+)\\.topicName\\(\\)").matcher(listenerAttributes);
        Map<String, List<String>> contract = contractTopics();
        while (constant.find()) {
            String name = constant.group(1);
            topics.add(contract.keySet().stream().filter(t -> {
                try {
                    return constantOf(t).equals(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).findFirst().orElseThrow());
        }
        assertThat(topics).as("topics of " + listenerAttributes).isNotEmpty();
        return topics;
    }

    /** Services with a dead-letter topic of their own for the stream ({@code <topic>.<application name>.dlt}). */
    private static Set<String> consumersWithDeadLetterTopics() throws IOException {
        Set<String> services = new TreeSet<>();
        for (String service : SERVICES) {
            if (javaSources(service).contains("Topic.COMPLAINT_EVENTS.topicName() + \".\" + applicationName + \".dlt\"")) {
                services.add(service);
            }
        }
        assertThat(services).hasSize(4);
        return services;
    }

    private static Set<String> defaultDepartments() throws IOException {
        String rules = Files.readString(REPOSITORY.resolve("routing-service/src/main/resources/rules/default-routing.json"));
        Matcher m = Pattern.compile("\"(?:department|fallbackDepartment|rescueDepartment)\"\\s*:\\s*\"([a-z0-9-]+)\"")
                .matcher(rules);
        Set<String> departments = new TreeSet<>();
        while (m.find()) {
            departments.add(m.group(1));
        }
        assertThat(departments).isNotEmpty();
        return departments;
    }

    /** CloudNativePG: the initdb database and every Database resource, with their owners. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> databaseOwners() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Map<String, Object> cluster : resources.get("Cluster").values()) {
            Map<String, Object> initdb = map(cluster, "spec", "bootstrap", "initdb");
            owners.put((String) initdb.get("database"), (String) initdb.get("owner"));
            Set<String> roles = ((List<Map<String, Object>>) map(cluster, "spec", "managed").get("roles")).stream()
                    .map(role -> (String) role.get("name")).collect(Collectors.toSet());
            for (Map<String, Object> database : resources.getOrDefault("Database", Map.of()).values()) {
                String owner = (String) map(database, "spec").get("owner");
                assertThat(roles).as("role " + owner + " is managed").contains(owner);
                owners.put((String) map(database, "spec").get("name"), owner);
            }
        }
        return owners;
    }

    private static String acl(String resourceType, String patternType, String name, String operation) {
        return resourceType + " " + patternType + " " + name + " " + operation;
    }

    // ---- reading manifests

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) map(deployment, "spec", "template", "spec")
                .get("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /**
     * A Deployment's environment as the container gets it: the ConfigMaps of {@code envFrom}, then {@code env} on top.
     * A plain value is a String, a Secret reference a map of secret and key, any other reference a map of its kind.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> deployment) {
        Map<String, Object> container = container(deployment);
        Map<String, Object> env = new LinkedHashMap<>();
        for (Map<String, Object> source : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
            String configMap = (String) map(source, "configMapRef").get("name");
            map(resource("ConfigMap", configMap), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
            String name = (String) variable.get("name");
            if (variable.containsKey("value")) {
                env.put(name, String.valueOf(variable.get("value")));
            } else {
                Map<String, Object> from = map(variable, "valueFrom");
                if (from.containsKey("secretKeyRef")) {
                    Map<String, Object> ref = map(from, "secretKeyRef");
                    env.put(name, Map.of("secret", ref.get("name"), "key", ref.get("key")));
                } else {
                    env.put(name, from);
                }
            }
        }
        return env;
    }

    private static Map<String, Object> resource(String kind, String name) {
        Map<String, Object> resource = resources.getOrDefault(kind, Map.of()).get(name);
        assertThat(resource).as(kind + " " + name).isNotNull();
        return resource;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            Object next = current.get(key);
            assertThat(next).as(key + " in " + current.keySet()).isInstanceOf(Map.class);
            current = (Map<String, Object>) next;
        }
        return current;
    }

    private static Map<String, Object> single(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    /**
     * Behind one ingress host, as on the one-command platform's localhost, a browser sends every service the cookies
     * of all: with Spring's default name (SESSION) for each, signing in to one service would sign out of the others.
     */
    @Test
    void everyServiceNamesItsOwnSignInCookie() throws IOException {
        Map<String, Object> cookies = new LinkedHashMap<>();
        for (String name : SERVICES) {
            cookies.put(name, flatten(applicationYml(name)).get("server.reactive.session.cookie.name"));
        }
        assertThat(cookies.values()).doesNotContainNull().doesNotHaveDuplicates().doesNotContain("SESSION");
    }

    private static Map<String, Object> applicationYml(String service) throws IOException {
        return single(REPOSITORY.resolve(service).resolve("src/main/resources/application.yml"));
    }

    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        tree.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m) {
                flatten(prefix + key + ".", (Map<String, Object>) m, flat);
            } else {
                flat.put(prefix + key, value);
            }
        });
    }

    /** As Spring Boot's SystemEnvironmentPropertyMapper reads them (see ComposeFileTest). */
    private static Set<String> environmentVariables(String property) {
        String upper = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return new LinkedHashSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static String javaSources(String service) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element element, String... path) {
        Element current = element;
        for (String name : path) {
            Element next = null;
            for (Node child = current.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e && e.getTagName().equals(name)) {
                    next = e;
                    break;
                }
            }
            assertThat(next).as("<" + name + "> in <" + current.getTagName() + ">").isNotNull();
            current = next;
        }
        return current.getTextContent().trim();
    }

    /** The image name template the root pom gives spring-boot:build-image. */
    static final class ComposeFileTestSupport {
        static String springBootImageName(Path rootPom) throws Exception {
            NodeList plugins = xml(rootPom).getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))
                        && "pluginManagement".equals(plugin.getParentNode().getParentNode().getNodeName())) {
                    return text(plugin, "configuration", "image", "name");
                }
            }
            throw new AssertionError("no spring-boot-maven-plugin in the root pom's pluginManagement");
        }
    }
}
