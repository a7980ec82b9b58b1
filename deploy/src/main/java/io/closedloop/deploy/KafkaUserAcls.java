package io.closedloop.deploy;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ACLs of a Strimzi {@code KafkaUser} manifest (deploy/k8s/kafka/users), as Kafka's own {@link AclBinding}s,
 * the way Strimzi's user operator applies them: principal {@code User:<metadata.name>}, each
 * {@code spec.authorization.acls[]} entry's resource, pattern type ({@code literal} unless given), operations,
 * host ({@code *} unless given) and type ({@code allow} unless given).
 *
 * <p>Tests that run a service against a {@link KafkaBroker#startWithScram secured broker} grant it exactly these, so
 * the deployed ACLs and the tested ones cannot drift apart. Needs kafka-clients at run time, like
 * {@link KafkaTestClient}.
 */
public final class KafkaUserAcls {

    /** Strimzi's name for the one cluster resource; Kafka's is {@code kafka-cluster}. */
    private static final String CLUSTER_RESOURCE_NAME = "kafka-cluster";

    private KafkaUserAcls() {
    }

    /** The user a KafkaUser manifest defines: its {@code metadata.name}. */
    public static String userName(Path kafkaUserManifest) {
        return (String) map(manifest(kafkaUserManifest).get("metadata"), "metadata").get("name");
    }

    /** The manifest's ACLs as Kafka bindings for principal {@code User:<metadata.name>}. */
    @SuppressWarnings("unchecked")
    public static List<AclBinding> read(Path kafkaUserManifest) {
        Map<String, Object> manifest = manifest(kafkaUserManifest);
        if (!"KafkaUser".equals(manifest.get("kind"))) {
            throw new IllegalArgumentException(kafkaUserManifest + " is not a KafkaUser: kind " + manifest.get("kind"));
        }
        String principal = "User:" + userName(kafkaUserManifest);
        Map<String, Object> authorization = map(map(manifest.get("spec"), "spec").get("authorization"),
                "spec.authorization");
        if (!"simple".equals(authorization.get("type"))) {
            throw new IllegalArgumentException(kafkaUserManifest + ": only authorization type simple is understood");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (Object entry : (List<Object>) authorization.getOrDefault("acls", List.of())) {
            Map<String, Object> acl = map(entry, "acl");
            Map<String, Object> resource = map(acl.get("resource"), "acl.resource");
            ResourceType resourceType = ResourceType.valueOf(constant((String) resource.get("type")));
            String name = resourceType == ResourceType.CLUSTER ? CLUSTER_RESOURCE_NAME : (String) resource.get("name");
            PatternType patternType = "prefix".equals(resource.getOrDefault("patternType", "literal"))
                    ? PatternType.PREFIXED : PatternType.LITERAL;
            String host = (String) acl.getOrDefault("host", "*");
            AclPermissionType permission = AclPermissionType.valueOf(constant((String) acl.getOrDefault("type", "allow")));
            List<String> operations = acl.containsKey("operations")
                    ? (List<String>) acl.get("operations") : List.of((String) acl.get("operation"));
            for (String operation : operations) {
                bindings.add(new AclBinding(new ResourcePattern(resourceType, name, patternType),
                        new AccessControlEntry(principal, host, AclOperation.valueOf(constant(operation)), permission)));
            }
        }
        return List.copyOf(bindings);
    }

    /** Strimzi's camel case ({@code transactionalId}, {@code IdempotentWrite}) as Kafka's enum constant. */
    static String constant(String strimziName) {
        if (strimziName == null || strimziName.isBlank()) {
            throw new IllegalArgumentException("missing ACL field");
        }
        return strimziName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Map<String, Object> manifest(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return map(new Yaml().load(reader), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a YAML mapping: " + node);
        }
        return (Map<String, Object>) map;
    }
}
