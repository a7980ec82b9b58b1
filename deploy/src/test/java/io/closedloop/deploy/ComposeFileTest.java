package io.closedloop.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
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
 * The Docker Compose deployment cannot be started here (no Docker engine), so this checks what can be checked
 * without it: that deploy/compose agrees with the poms, the services' application.yml and the metrics in the code.
 * Paths are relative to the deploy module, where Surefire runs.
 */
class ComposeFileTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path COMPOSE_DIR = Path.of("compose");
    private static final List<String> SERVICES = List.of(
            "intake-service", "routing-service", "sla-timer-service", "feedback-service", "analytics-service");
    private static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");

    /**
     * Metrics the dashboard uses that come from libraries, not from our code. Spring Boot's
     * KafkaMetricsAutoConfiguration binds Kafka's client metrics to every consumer its consumer factory creates.
     */
    private static final Set<String> LIBRARY_METRICS = Set.of("kafka_consumer_fetch_manager_records_lag_max");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        compose = yaml(COMPOSE_DIR.resolve("compose.yaml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).as("compose services").isNotNull();
    }

    @Test
    void kafkaIsThreeCombinedKraftNodesWithReplicationFactorThreeAndMinIsrTwo() throws Exception {
        assertThat(services.keySet().stream().filter(name -> name.startsWith("kafka"))).containsExactlyElementsOf(KAFKA_NODES);
        String kafkaVersion = text(xml(Path.of("pom.xml")).getDocumentElement(), "properties", "kafka.version");
        Set<String> nodeIds = new TreeSet<>();
        Set<String> clusterIds = new TreeSet<>();
        for (String node : KAFKA_NODES) {
            Map<String, Object> service = services.get(node);
            Map<String, String> env = environment(service);
            assertThat(service.get("image")).as(node + " image (the Kafka of the deploy pom)")
                    .isEqualTo("apache/kafka:" + kafkaVersion);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(node).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_LISTENER_NAMES")).as(node).isEqualTo("CONTROLLER");
            assertThat(env.get("KAFKA_LISTENERS")).as(node).contains("PLAINTEXT://:9092", "CONTROLLER://:9093");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(node).isEqualTo("PLAINTEXT://" + node + ":9092");
            for (String other : KAFKA_NODES) {
                int otherId = KAFKA_NODES.indexOf(other) + 1;
                assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))
                        .as(node + " quorum names " + other).contains(otherId + "@" + other + ":9093");
            }
            assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR")).as(node).isEqualTo("3");
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).as(node).isEqualTo("2");
            assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).as(node).isEqualTo("3");
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).as(node).isEqualTo("3");
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).as(node).isEqualTo("2");
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
        }
        assertThat(nodeIds).containsExactly("1", "2", "3");
        assertThat(clusterIds).as("one cluster id").hasSize(1).doesNotContainNull();
    }

    @Test
    void everyServiceRunsItsMavenBuiltImageOnItsOwnPort() throws Exception {
        String imageTemplate = springBootImageName();
        String version = text(xml(REPOSITORY.resolve("pom.xml")).getDocumentElement(), "version");
        for (String name : SERVICES) {
            Map<String, Object> service = services.get(name);
            assertThat(service).as(name + " in compose").isNotNull();
            String artifactId = text(xml(REPOSITORY.resolve(name).resolve("pom.xml")).getDocumentElement(), "artifactId");
            assertThat(service.get("image")).as(name + " image")
                    .isEqualTo(imageTemplate.replace("${project.artifactId}", artifactId)
                            .replace("${project.version}", version));
            String port = String.valueOf(flatten(applicationYml(name)).get("server.port"));
            assertThat(strings(service.get("ports"))).as(name + " ports").containsExactly(port + ":" + port);
        }
    }

    @Test
    void everyServiceVariableOverridesAPropertyTheServiceHas() throws Exception {
        for (String name : SERVICES) {
            Map<String, Object> properties = flatten(applicationYml(name));
            Map<String, String> byVariable = new LinkedHashMap<>();
            properties.keySet().forEach(key -> environmentVariables(key).forEach(variable -> byVariable.put(variable, key)));
            Map<String, String> env = environment(services.get(name));
            for (String variable : env.keySet()) {
                assertThat(byVariable).as(name + ": " + variable + " overrides a property of its application.yml")
                        .containsKey(variable);
            }

            assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as(name)
                    .isEqualTo(KAFKA_NODES.stream().map(node -> node + ":9092").collect(Collectors.joining(",")));

            // the same database as the service's default, on the compose PostgreSQL with its user
            String localUrl = (String) properties.get("spring.datasource.url");
            String database = localUrl.substring(localUrl.lastIndexOf('/') + 1);
            assertThat(env.get("SPRING_DATASOURCE_URL")).as(name).isEqualTo("jdbc:postgresql://postgres:5432/" + database);
            Map<String, String> postgres = environment(services.get("postgres"));
            assertThat(env.get("SPRING_DATASOURCE_USERNAME")).as(name).isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).as(name).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
            assertThat(Files.readString(COMPOSE_DIR.resolve("postgres/init-databases.sql")))
                    .as("the init script creates " + database).contains("create database " + database + ";");

            if (properties.containsKey("spring.mail.host")) {
                String mailHost = env.get("SPRING_MAIL_HOST");
                assertThat(services).as(name + " mail host is a compose service").containsKey(mailHost);
                String mailPort = env.get("SPRING_MAIL_PORT");
                assertThat(strings(services.get(mailHost).get("ports"))).contains(mailPort + ":" + mailPort);
            }
            // the topics a service creates itself are replicated like the brokers' own
            for (String replicas : List.of("closedloop.stream.dead-letter.replicas", "closedloop.intake.topics.replicas")) {
                if (properties.containsKey(replicas)) {
                    assertThat(environmentVariables(replicas).stream().map(env::get))
                            .as(name + " " + replicas).containsOnlyOnce("3");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void intakeReadsItsMasterKeysFromASecretFileThatIsNeverCommitted() throws IOException {
        Map<String, Object> intake = services.get("intake-service");
        assertThat((List<String>) intake.get("secrets")).containsExactly("personal-data-master-keys");
        assertThat((Map<String, Object>) intake.get("environment"))
                .containsEntry("CLOSEDLOOP_INTAKE_PERSONALDATA_MASTERKEYSFILE", "/run/secrets/personal-data-master-keys");
        Map<String, Object> secret = (Map<String, Object>) ((Map<String, Object>) compose.get("secrets"))
                .get("personal-data-master-keys");
        assertThat(secret).containsEntry("file", "./secrets/personal-data-master-keys");
        assertThat(Files.readAllLines(REPOSITORY.resolve(".gitignore"))).contains("deploy/compose/secrets/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceAndNothingElse() throws Exception {
        Map<String, Object> prometheus = yaml(COMPOSE_DIR.resolve("prometheus/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll(strings(config.get("targets")));
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String name : SERVICES) {
            Map<String, Object> properties = flatten(applicationYml(name));
            expected.add(name + ":" + properties.get("server.port"));
            assertThat(String.valueOf(properties.get("management.endpoints.web.exposure.include")))
                    .as(name + " exposes its Prometheus endpoint").contains("prometheus");
        }
        assertThat(targets).isEqualTo(expected);
    }

    @Test
    void everyMetricOnTheDashboardIsOneTheServicesRecord() throws IOException {
        Map<String, Object> dashboard = yaml(COMPOSE_DIR.resolve("grafana/dashboards/closed-loop.json"));
        List<String> expressions = new ArrayList<>();
        collect(dashboard, "expr", expressions);
        assertThat(expressions).as("Prometheus queries on the dashboard").isNotEmpty();

        String sources = javaSources();
        Pattern metric = Pattern.compile("\\b(?:closedloop|kafka)_[a-z0-9_]+");
        Set<String> metrics = new LinkedHashSet<>();
        for (String expression : expressions) {
            Matcher m = metric.matcher(expression);
            while (m.find()) {
                metrics.add(m.group());
            }
        }
        assertThat(metrics).contains("closedloop_channel_messages_total", "closedloop_analytics_event_lag_seconds",
                "closedloop_sla_breaches_total", "closedloop_sla_warnings_total", "closedloop_sla_escalations_total");
        for (String name : metrics) {
            if (LIBRARY_METRICS.contains(name)) {
                continue;
            }
            assertThat(meterNames(name)).as(name + " is registered in the services' code")
                    .anyMatch(meter -> sources.contains('"' + meter + '"'));
        }
        // the library metrics above need spring-kafka's consumers to come from Boot's factory
        assertThat(sources).doesNotContain("new DefaultKafkaConsumerFactory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardUsesTheProvisionedDatasourcesAndAnalyticsTables() throws IOException {
        Map<String, Object> provisioned = yaml(COMPOSE_DIR.resolve("grafana/provisioning/datasources/datasources.yml"));
        Set<String> uids = ((List<Map<String, Object>>) provisioned.get("datasources")).stream()
                .map(source -> (String) source.get("uid")).collect(Collectors.toSet());
        Map<String, Object> dashboard = yaml(COMPOSE_DIR.resolve("grafana/dashboards/closed-loop.json"));
        List<String> used = new ArrayList<>();
        collect(dashboard, "uid", used);
        used.remove(dashboard.get("uid"));
        assertThat(uids).containsAll(used);

        List<String> sql = new ArrayList<>();
        collect(dashboard, "rawSql", sql);
        assertThat(sql).as("escalations per department").hasSize(1);
        String migrations;
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("analytics-service/src/main/resources/db/migration"))) {
            migrations = files.map(ComposeFileTest::read).collect(Collectors.joining("\n"));
        }
        for (String identifier : List.of("complaint_fact", "projection_generation", "department", "escalations",
                "received_at", "generation", "kind", "state")) {
            assertThat(sql.get(0)).contains(identifier);
            assertThat(migrations).as("analytics schema has " + identifier).containsPattern("\\b" + identifier + "\\b");
        }
    }

    /** Micrometer's Prometheus names add a unit and a type suffix; these are the dotted names that may have made it. */
    private static List<String> meterNames(String prometheusName) {
        List<String> names = new ArrayList<>();
        String base = prometheusName;
        for (String suffix : List.of("_total", "_count", "_sum", "_max", "_bucket")) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
                break;
            }
        }
        names.add(base.replace('_', '.'));
        if (base.endsWith("_seconds")) {
            names.add(base.substring(0, base.length() - "_seconds".length()).replace('_', '.'));
        }
        return names;
    }

    /**
     * The environment variables Spring Boot's relaxed binding reads a property from (SystemEnvironmentPropertyMapper):
     * dots to underscores, upper case, and dashes either dropped or (the legacy form) underscores as well.
     */
    private static Set<String> environmentVariables(String property) {
        String upper = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return new LinkedHashSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static String springBootImageName() throws Exception {
        Document pom = xml(REPOSITORY.resolve("pom.xml"));
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))
                    && "pluginManagement".equals(plugin.getParentNode().getParentNode().getNodeName())) {
                return text(plugin, "configuration", "image", "name");
            }
        }
        throw new AssertionError("no spring-boot-maven-plugin in the root pom's pluginManagement");
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

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Map<String, Object> applicationYml(String service) throws IOException {
        return yaml(REPOSITORY.resolve(service).resolve("src/main/resources/application.yml"));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> document = new Yaml().load(reader);
            assertThat(document).as(file.toString()).isNotNull();
            return document;
        }
    }

    /** application.yml as Spring sees it: dotted keys. A key with dots in it (mail.smtp.timeout) stays one segment. */
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        tree.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> map) {
                flatten(name + ".", (Map<String, Object>) map, flat);
            } else {
                flat.put(name, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.get("environment")).forEach((key, value) -> env.put(key, String.valueOf(value)));
        return env;
    }

    private static List<String> strings(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static void collect(Object node, String key, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (key.equals(k) && v instanceof String s) {
                    found.add(s);
                } else {
                    collect(v, key, found);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, key, found));
        }
    }

    private static String javaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String service : SERVICES) {
            try (Stream<Path> files = Files.walk(REPOSITORY.resolve(service).resolve("src/main/java"))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> all.append(read(file)));
            }
        }
        return all.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
