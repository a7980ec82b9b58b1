package io.closedloop.contract.docs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.Money;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docs/asyncapi.yaml}, the AsyncAPI 3.0.0 description of the platform's Kafka interface, against the contract
 * it describes: the topic registry ({@link Topic}), the event and command type registries ({@code @JsonSubTypes} on
 * {@link ComplaintEvent} and {@link ComplaintCommand}), the records' components, {@link EventHeaders}, the JSON form
 * of the enums, and the golden JSON files used as examples. When one of these changes, a test here fails until the
 * document says the same again.
 */
class AsyncApiDocumentTest {

    /** The services that consume {@code complaint.events.v1}, each with its own group and dead-letter topic. */
    private static final List<String> EVENT_CONSUMERS =
            List.of("routing-service", "sla-timer-service", "feedback-service", "analytics-service");

    /** The headers Spring Kafka's {@code DeadLetterPublishingRecoverer} adds to say why and where from. */
    private static final List<String> DEAD_LETTER_HEADERS = List.of(
            "kafka_dlt-exception-message", "kafka_dlt-exception-fqcn", "kafka_dlt-exception-cause-fqcn",
            "kafka_dlt-exception-stacktrace", "kafka_dlt-original-topic", "kafka_dlt-original-partition",
            "kafka_dlt-original-offset", "kafka_dlt-original-timestamp", "kafka_dlt-original-timestamp-type",
            "kafka_dlt-original-consumer-group");

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String MESSAGES = "#/components/messages/";
    private static final String CHANNELS = "#/channels/";

    private static Map<String, Object> document;

    @BeforeAll
    static void readTheDocument() throws IOException {
        Path file = documentFile();
        assertThat(file).as("the AsyncAPI document").isRegularFile();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader), file.toString());
        }
    }

    /** {@code docs/asyncapi.yaml} at the root of the repository; Maven's surefire sets {@code basedir}. */
    static Path documentFile() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolve("..").resolve("docs").resolve("asyncapi.yaml").normalize();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The document as a whole
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    void theDocumentIsAsyncApi300ForClosedLoop010WithALocalKafkaServer() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> info = child(document, "info");
        assertThat(info.get("title")).isEqualTo("Closed Loop");
        assertThat(info.get("version")).isEqualTo("0.1.0");
        assertThat(String.valueOf(info.get("description")).toLowerCase(Locale.ROOT)).as("the stream semantics")
                .contains("key = complaint id", "one partition", "order is kept per complaint", "at-least-once",
                        "de-duplicate by `eventid` or by (`complaintid`, `sequence`)", "infinite retention",
                        "no compaction");
        Map<String, Object> local = child(child(document, "servers"), "local");
        assertThat(local.get("host")).isEqualTo("localhost:9092");
        assertThat(local.get("protocol")).isEqualTo("kafka");
    }

    @Test
    void everyReferenceInTheDocumentPointsToSomethingThatExists() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> assertThat(ref).as("a local JSON pointer").startsWith("#/"));
        List<String> dangling = refs.stream().filter(ref -> resolveOrNull(ref) == null).distinct().toList();
        assertThat(dangling).as("references that point to nothing").isEmpty();
    }

    @Test
    void everyComponentSchemaAndMessageIsUsedSomewhere() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        Set<String> used = new TreeSet<>(refs);

        Set<String> unusedSchemas = child(child(document, "components"), "schemas").keySet().stream()
                .filter(name -> !used.contains(SCHEMAS + name)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unusedMessages = child(child(document, "components"), "messages").keySet().stream()
                .filter(name -> !used.contains(MESSAGES + name)).collect(Collectors.toCollection(TreeSet::new));

        assertThat(unusedSchemas).as("schemas nothing refers to").isEmpty();
        assertThat(unusedMessages).as("messages no channel carries").isEmpty();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Channels
    // ----------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicOfTheRegistryHasAChannelWhoseAddressIsItsName(Topic topic) {
        Map<String, Object> channel = channelWithAddress(topic.topicName());

        assertThat(channel.get("x-topic")).as("the channel names its Topic constant").isEqualTo(topic.name());
        assertThat(child(child(channel, "bindings"), "kafka").get("topic")).isEqualTo(topic.topicName());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicOfTheRegistryIsDocumentedWithItsKeyValueTypeAndWriters(Topic topic) {
        Map<String, Object> channel = channelWithAddress(topic.topicName());

        assertThat(channel.get("x-key")).as("key of " + topic).isEqualTo(topic.key());
        assertThat(channel.get("x-value-type")).as("value type of " + topic)
                .isEqualTo(topic.valueType().getSimpleName());
        assertThat(channel.get("x-writers")).as("writers of " + topic).isEqualTo(topic.writers());
        assertThat(channel.get("description")).asString().as("description of " + topic)
                .contains("Key:", "Value:", "Writers:");
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicOfTheRegistryCarriesTheMessagesOfItsValueType(Topic topic) {
        Set<String> expected;
        if (topic.valueType() == ComplaintSubmission.class) {
            expected = Set.of("ComplaintSubmission");
        } else if (topic.valueType() == ComplaintCommand.class) {
            expected = new TreeSet<>(registeredCommandNames());
        } else if (topic.valueType() == ComplaintEventEnvelope.class) {
            expected = Set.of("ComplaintEventEnvelope");
        } else if (topic.valueType() == byte[].class) {
            expected = Set.of("DeadLetter");
        } else {
            throw new AssertionError("the test does not know the value type " + topic.valueType() + " of " + topic);
        }

        assertThat(messageNamesOf(channelIdWithAddress(topic.topicName()))).as("messages on " + topic.topicName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void theSendersOfEveryTopicOfTheRegistryAreExactlyItsRegisteredWriters(Topic topic) {
        Set<String> writers = topic.writers().stream()
                .map(w -> w.replaceFirst(" \\(.*\\)$", ""))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(operationOwners(channelIdWithAddress(topic.topicName()), "send"))
                .as("who sends on " + topic.topicName()).isEqualTo(writers);
    }

    @Test
    void theDepartmentTopicPatternHasAChannelWithItsDepartmentParameterWrittenOnlyByRoutingService() {
        String address = Topic.departmentTopic("department").replace("department", "{department}");
        String id = channelIdWithAddress(address);
        Map<String, Object> channel = channel(id);

        assertThat(address).isEqualTo("dept.{department}.complaints.v1");
        assertThat(child(channel, "parameters")).containsOnlyKeys("department");
        assertThat(child(child(channel, "parameters"), "department").get("description")).asString()
                .contains("[a-z0-9][a-z0-9-]{0,62}");
        assertThat(messageNamesOf(id)).containsExactly("ComplaintEventEnvelope");
        assertThat(channel.get("x-key")).isEqualTo(Topic.COMPLAINT_EVENTS.key());
        assertThat(channel.get("x-writers")).isEqualTo(List.of("routing-service"));
        assertThat(operationOwners(id, "send")).containsExactly("routing-service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"routing-service", "sla-timer-service", "feedback-service", "analytics-service"})
    void everyEventConsumerReadsTheEventTopicWithItsOwnGroupAndHasItsOwnDeadLetterChannel(String service) {
        String events = channelIdWithAddress(Topic.COMPLAINT_EVENTS.topicName());
        String deadLetters = channelIdWithAddress(Topic.COMPLAINT_EVENTS.topicName() + "." + service + ".dlt");

        List<Map<String, Object>> receives = operations(events, "receive", service);
        assertThat(receives).as(service + " receives complaint.events.v1").hasSize(1);
        Map<String, Object> groupId = child(child(child(receives.get(0), "bindings"), "kafka"), "groupId");
        assertThat(groupId.get("enum")).as("consumer group of " + service).isEqualTo(List.of(service));

        assertThat(operationOwners(deadLetters, "send")).containsExactly(service);
        assertThat(channel(deadLetters).get("x-writers")).isEqualTo(List.of(service));
        assertThat(messageNamesOf(deadLetters)).containsExactly("DeadLetter");
    }

    @Test
    void theDocumentHasNoChannelBeyondTheRegistryTheDepartmentPatternAndTheConsumersDeadLetterTopics() {
        Set<String> expected = new TreeSet<>();
        Arrays.stream(Topic.values()).map(Topic::topicName).forEach(expected::add);
        expected.add("dept.{department}.complaints.v1");
        EVENT_CONSUMERS.forEach(s -> expected.add(Topic.COMPLAINT_EVENTS.topicName() + "." + s + ".dlt"));

        Set<String> addresses = channels().values().stream().map(c -> (String) c.get("address"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(addresses).isEqualTo(expected);
    }

    @Test
    void everyDeadLetterChannelCarriesTheOriginalBytesWithSpringKafkasReasonHeaders() {
        Map<String, Map<String, Object>> deadLetterChannels = new LinkedHashMap<>();
        channels().forEach((id, c) -> {
            if (String.valueOf(c.get("address")).endsWith(".dlt")) {
                deadLetterChannels.put(id, c);
            }
        });
        Map<String, Object> message = asMap(resolve(MESSAGES + "DeadLetter"), "DeadLetter");
        Map<String, Object> headers = deref(child(message, "headers"));

        assertThat(deadLetterChannels).hasSize(2 + EVENT_CONSUMERS.size());
        assertThat(deadLetterChannels).allSatisfy((id, c) -> {
            assertThat(messageNamesOf(id)).as(id).containsExactly("DeadLetter");
            assertThat(c.get("x-value-type")).as(id).isEqualTo(byte[].class.getSimpleName());
            assertThat(c.get("description")).asString().as(id).contains("Reasons");
        });
        assertThat(child(headers, "properties").keySet()).containsAll(DEAD_LETTER_HEADERS);
        assertThat(headers.get("additionalProperties")).as("the original headers are kept too").isEqualTo(true);
        assertThat(deref(child(message, "payload"))).containsEntry("type", "string").containsEntry("format", "binary");
    }

    @Test
    void theEventTopicIsDocumentedAsKeptForeverAndNeverCompacted() {
        Map<String, Object> kafka = child(child(channelWithAddress(Topic.COMPLAINT_EVENTS.topicName()), "bindings"),
                "kafka");
        Map<String, Object> config = child(kafka, "topicConfiguration");

        assertThat(config.get("retention.ms")).isEqualTo(-1);
        assertThat(config.get("cleanup.policy")).isEqualTo(List.of("delete"));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> registeredEvents() {
        return ComplaintEvent.registered().stream().map(t -> Arguments.of(t.name(), t.value()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEvents")
    void everyRegisteredEventTypeHasAPayloadSchemaWithExactlyTheComponentsOfItsRecord(String name, Class<?> type) {
        assertThat(type.isRecord()).as(type + " is a record").isTrue();

        assertThat(propertyNames(schema(name))).as("properties of the " + name + " payload schema")
                .containsExactlyInAnyOrderElementsOf(componentNames(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEvents")
    void everyEventPayloadPropertyHasTheJsonTypeOfItsRecordComponent(String name, Class<?> type) {
        assertPropertiesDescribeComponents(name, type);
    }

    @Test
    void theEnvelopePayloadIsOneOfOneSchemaPerRegisteredEventTypeChosenByType() {
        Map<String, Object> envelope = deref(child(asMap(resolve(MESSAGES + "ComplaintEventEnvelope"), "message"),
                "payload"));
        List<Map<String, Object>> branches = asList(envelope.get("oneOf"), "oneOf of the envelope").stream()
                .map(b -> asMap(b, "a oneOf branch")).toList();
        List<String> names = registeredEventNames();

        assertThat(branches).as("one branch per registered event type").hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Map<String, Object> branch = branches.get(i);
            Map<String, Object> properties = child(branch, "properties");
            assertThat(child(properties, "type").get("const")).as("branch " + i + " is chosen by type").isEqualTo(name);
            assertThat(refName(child(properties, "payload"))).as("payload schema of " + name).isEqualTo(name);
        }
        assertThat(schema("ComplaintEventType").get("enum")).as("the envelope's type names")
                .isEqualTo(names);
    }

    @Test
    void theEnvelopeSchemaHasExactlyTheComponentsOfTheEnvelopeRecord() {
        assertThat(propertyNames(schema("ComplaintEventEnvelope")))
                .containsExactlyInAnyOrderElementsOf(componentNames(ComplaintEventEnvelope.class));
        assertPropertiesDescribeComponents("ComplaintEventEnvelope", ComplaintEventEnvelope.class);
    }

    @Test
    void theEnvelopeMessageHeadersAreExactlyTheEventHeadersConstants() {
        Map<String, Object> headers = deref(child(asMap(resolve(MESSAGES + "ComplaintEventEnvelope"), "message"),
                "headers"));

        assertThat(headers.get("type")).isEqualTo("object");
        assertThat(propertyNames(headers)).containsExactlyInAnyOrderElementsOf(eventHeaderNames());
        assertThat(asList(headers.get("required"), "required headers")).isSubsetOf(eventHeaderNames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEvents")
    void everyRegisteredEventTypeHasItsGoldenEnvelopeAsAnExampleWithTheMatchingHeaders(String name, Class<?> type) {
        Map<String, Object> example = example("ComplaintEventEnvelope", name);
        JsonNode golden = goldenTree("events/" + name + ".json");

        assertSameJson("example " + name + " vs golden/events/" + name + ".json", tree(example.get("payload")), golden);
        Map<String, Object> headers = asMap(example.get("headers"), "headers of example " + name);
        assertThat(headers.keySet()).containsExactlyInAnyOrderElementsOf(eventHeaderNames());
        headers.forEach((header, value) -> assertThat(value).as("header " + header + " of example " + name)
                .isEqualTo(golden.path(envelopeFieldOf(header)).asText()));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Commands
    // ----------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> registeredCommands() {
        return registeredCommandTypes().stream().map(t -> Arguments.of(t.name(), t.value()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommands")
    void everyRegisteredCommandHasAMessageNamedByItsTypeWithExactlyTheComponentsOfItsRecordPlusType(
            String name, Class<?> type) {
        Map<String, Object> message = asMap(resolve(MESSAGES + name), "message " + name);
        Map<String, Object> payload = deref(child(message, "payload"));
        Set<String> expected = new LinkedHashSet<>(List.of("type"));
        expected.addAll(componentNames(type));

        assertThat(message.get("name")).isEqualTo(name);
        assertThat(propertyNames(payload)).as("properties of the " + name + " payload")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(child(child(payload, "properties"), "type").get("const")).isEqualTo(name);
        assertThat(asList(payload.get("required"), "required of " + name)).contains("type");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommands")
    void everyCommandPayloadPropertyHasTheJsonTypeOfItsRecordComponent(String name, Class<?> type) {
        assertPropertiesDescribeComponents(name, type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommands")
    void everyRegisteredCommandHasItsGoldenFileAsItsExample(String name, Class<?> type) {
        Map<String, Object> example = example(name, name);

        assertSameJson("example " + name + " vs golden/commands/" + name + ".json", tree(example.get("payload")),
                goldenTree("commands/" + name + ".json"));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Shared values
    // ----------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(classes = {Actor.class, Complainant.class, GeoLocation.class, AttachmentRef.class, Money.class,
            Deadline.class, ComplaintSubmission.class})
    void everySharedValueHasASchemaUnderItsNameWithExactlyTheComponentsOfItsRecord(Class<?> type) {
        String name = schemaName(type);

        assertThat(propertyNames(schema(name))).as("properties of schema " + name)
                .containsExactlyInAnyOrderElementsOf(componentNames(type));
        assertPropertiesDescribeComponents(name, type);
    }

    @Test
    void theDeadlineSchemaListsExactlyTheClockSatisfyingEventTypesInOrder() {
        Map<String, Object> satisfiedBy = child(child(schema("Deadline"), "properties"), "satisfiedBy");

        assertThat(satisfiedBy.get("enum")).as("Deadline.satisfiedBy values")
                .isEqualTo(List.copyOf(Deadline.SATISFYING_EVENTS));
    }

    @ParameterizedTest
    @ValueSource(classes = {Channel.class, InfoType.class, Actor.Type.class})
    void everyEnumSchemaListsExactlyTheValuesTheContractWritesForItsConstants(Class<?> type) throws Exception {
        List<String> written = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            written.add(ContractJson.mapper().readTree(ContractJson.mapper().writeValueAsString(constant)).asText());
        }
        Map<String, Object> schema = schema(schemaName(type));

        assertThat(schema.get("type")).isEqualTo("string");
        assertThat(schema.get("enum")).as("values of " + schemaName(type)).isEqualTo(written);
    }

    @Test
    void theSubmissionMessageHasTheGoldenSubmissionAsItsExample() {
        Map<String, Object> message = asMap(resolve(MESSAGES + "ComplaintSubmission"), "message");
        List<Object> examples = asList(message.get("examples"), "examples of ComplaintSubmission");

        assertThat(refName(child(message, "payload"))).isEqualTo("ComplaintSubmission");
        assertThat(examples).hasSize(1);
        assertSameJson("submission example vs golden/submission.json",
                tree(asMap(examples.get(0), "example").get("payload")), goldenTree("submission.json"));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // How a schema must describe a Java type
    // ----------------------------------------------------------------------------------------------------------------

    /**
     * Every component of {@code record} is described by the property of the same name in schema {@code schemaName}
     * with the JSON type the contract writes for it; a primitive component is always written, so it is required.
     */
    private static void assertPropertiesDescribeComponents(String schemaName, Class<?> record) {
        Map<String, Object> schema = schema(schemaName);
        Map<String, Object> properties = child(schema, "properties");
        List<Object> required = schema.containsKey("required") ? asList(schema.get("required"), "required")
                : List.of();

        assertThat(required).as("required properties of " + schemaName + " exist").isSubsetOf(properties.keySet());
        for (RecordComponent component : record.getRecordComponents()) {
            String where = schemaName + "." + component.getName();
            assertDescribes(where, child(properties, component.getName()), component.getGenericType());
            if (component.getType().isPrimitive()) {
                assertThat(required).as(where + " is a Java primitive, always written, so required")
                        .contains(component.getName());
            }
        }
    }

    private static void assertDescribes(String where, Map<String, Object> property, Type javaType) {
        Class<?> raw = javaType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) javaType;
        if (raw == List.class) {
            assertThat(property.get("type")).as(where + " is an array").isEqualTo("array");
            assertDescribes(where + "[]", child(property, "items"),
                    ((ParameterizedType) javaType).getActualTypeArguments()[0]);
            return;
        }
        if (raw.isRecord() || raw.isEnum()) {
            assertThat(refName(property)).as(where + " refers to the schema of " + raw.getName())
                    .isEqualTo(schemaName(raw));
            return;
        }
        Map<String, Object> p = deref(property);
        Object format = p.get("format");
        if (raw == String.class) {
            assertThat(p.get("type")).as(where + " is a string").isEqualTo("string");
            assertThat(format).as(where + " is not a time").isNotEqualTo("date-time");
        } else if (raw == Instant.class) {
            assertThat(p.get("type")).as(where + " is an ISO-8601 string").isEqualTo("string");
            assertThat(format).as(where + " format").isEqualTo("date-time");
        } else if (raw == int.class || raw == Integer.class) {
            assertThat(p.get("type")).as(where + " is an integer").isEqualTo("integer");
            assertThat(format).as(where + " format").isEqualTo("int32");
        } else if (raw == long.class || raw == Long.class) {
            assertThat(p.get("type")).as(where + " is an integer").isEqualTo("integer");
            assertThat(format).as(where + " format").isEqualTo("int64");
        } else if (raw == double.class || raw == Double.class) {
            assertThat(p.get("type")).as(where + " is a number").isEqualTo("number");
            assertThat(format).as(where + " format").isEqualTo("double");
        } else if (raw == BigDecimal.class) {
            assertThat(p.get("type")).as(where + " is a JSON number (an exact decimal)").isEqualTo("number");
            assertThat(format).as(where + " is not a binary float").isNull();
        } else if (raw == boolean.class || raw == Boolean.class) {
            assertThat(p.get("type")).as(where + " is a boolean").isEqualTo("boolean");
        } else if (raw == ComplaintEvent.class) {
            assertThat(p.get("type")).as(where + " is an object (the event, chosen by type)").isEqualTo("object");
        } else {
            fail(where + ": the test does not know how " + javaType + " is written as JSON; teach it");
        }
    }

    /** The schema name of a contract class: its simple name, prefixed by its enclosing class (Actor.Type: ActorType). */
    private static String schemaName(Class<?> type) {
        Class<?> enclosing = type.getEnclosingClass();
        return enclosing == null ? type.getSimpleName() : enclosing.getSimpleName() + type.getSimpleName();
    }

    /** The schema a property refers to: {@code $ref}, or the one {@code $ref} inside {@code allOf}; else null. */
    private static String refName(Map<String, Object> property) {
        Object ref = property.get("$ref");
        if (ref == null && property.get("allOf") instanceof List<?> all && all.size() == 1
                && all.get(0) instanceof Map<?, ?> only) {
            ref = only.get("$ref");
        }
        if (ref == null) {
            return null;
        }
        assertThat(ref).asString().startsWith(SCHEMAS);
        return ref.toString().substring(SCHEMAS.length());
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The contract's registries
    // ----------------------------------------------------------------------------------------------------------------

    private static List<String> registeredEventNames() {
        return ComplaintEvent.registered().stream().map(JsonSubTypes.Type::name).toList();
    }

    private static List<JsonSubTypes.Type> registeredCommandTypes() {
        return Arrays.asList(ComplaintCommand.class.getAnnotation(JsonSubTypes.class).value());
    }

    private static List<String> registeredCommandNames() {
        return registeredCommandTypes().stream().map(JsonSubTypes.Type::name).toList();
    }

    private static List<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** The values of the public String constants of {@link EventHeaders}. */
    private static List<String> eventHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Field field : EventHeaders.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        assertThat(names).as("EventHeaders constants").isNotEmpty();
        return names;
    }

    /** The envelope field a header copies: the header names are the envelope's, except for type and revision. */
    private static String envelopeFieldOf(String header) {
        return switch (header) {
            case EventHeaders.EVENT_TYPE -> "type";
            case EventHeaders.EVENT_REVISION -> "revision";
            default -> header;
        };
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Reading the document
    // ----------------------------------------------------------------------------------------------------------------

    private static Map<String, Map<String, Object>> channels() {
        Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
        child(document, "channels").forEach((id, c) -> channels.put(id, asMap(c, "channel " + id)));
        return channels;
    }

    private static Map<String, Object> channel(String id) {
        return child(child(document, "channels"), id);
    }

    private static String channelIdWithAddress(String address) {
        List<String> ids = channels().entrySet().stream()
                .filter(e -> address.equals(e.getValue().get("address"))).map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            fail("expected exactly one channel with address " + address + " but found " + ids);
        }
        return ids.get(0);
    }

    private static Map<String, Object> channelWithAddress(String address) {
        return channel(channelIdWithAddress(address));
    }

    /** The names of the messages a channel carries (their {@code name}, after resolving references). */
    private static List<String> messageNamesOf(String channelId) {
        return child(channel(channelId), "messages").values().stream()
                .map(m -> deref(asMap(m, "a message of " + channelId)).get("name"))
                .map(String::valueOf).toList();
    }

    /** The operations with {@code action} on a channel, owned by {@code owner} (the operation's first tag). */
    private static List<Map<String, Object>> operations(String channelId, String action, String owner) {
        List<Map<String, Object>> found = new ArrayList<>();
        child(document, "operations").forEach((id, o) -> {
            Map<String, Object> operation = asMap(o, "operation " + id);
            if (action.equals(operation.get("action"))
                    && (CHANNELS + channelId).equals(child(operation, "channel").get("$ref"))
                    && (owner == null || owner.equals(ownerOf(id, operation)))) {
                found.add(operation);
            }
        });
        return found;
    }

    /** Who performs an operation: the name of its first tag. */
    private static String ownerOf(String id, Map<String, Object> operation) {
        List<Object> tags = asList(operation.get("tags"), "tags of operation " + id);
        assertThat(tags).as("operation " + id + " is tagged with who performs it").isNotEmpty();
        return String.valueOf(asMap(tags.get(0), "tag").get("name"));
    }

    private static Set<String> operationOwners(String channelId, String action) {
        Set<String> owners = new TreeSet<>();
        child(document, "operations").forEach((id, o) -> {
            Map<String, Object> operation = asMap(o, "operation " + id);
            if (action.equals(operation.get("action"))
                    && (CHANNELS + channelId).equals(child(operation, "channel").get("$ref"))) {
                owners.add(ownerOf(id, operation));
            }
        });
        return owners;
    }

    private static Map<String, Object> schema(String name) {
        return asMap(resolve(SCHEMAS + name), "schema " + name);
    }

    private static Set<String> propertyNames(Map<String, Object> schema) {
        return child(schema, "properties").keySet();
    }

    /** The example called {@code exampleName} of message {@code messageName}. */
    private static Map<String, Object> example(String messageName, String exampleName) {
        List<Map<String, Object>> matching = asList(asMap(resolve(MESSAGES + messageName), messageName)
                .get("examples"), "examples of " + messageName).stream()
                .map(e -> asMap(e, "an example of " + messageName))
                .filter(e -> exampleName.equals(e.get("name"))).toList();
        assertThat(matching).as("examples named " + exampleName + " of message " + messageName).hasSize(1);
        return matching.get(0);
    }

    /** A schema or message with its {@code $ref} (or single-{@code $ref} {@code allOf}) followed. */
    private static Map<String, Object> deref(Map<String, Object> node) {
        Map<String, Object> current = node;
        for (int hops = 0; hops < 10; hops++) {
            Object ref = current.get("$ref");
            if (ref == null && current.get("allOf") instanceof List<?> all && all.size() == 1
                    && all.get(0) instanceof Map<?, ?> only) {
                ref = only.get("$ref");
            }
            if (ref == null) {
                return current;
            }
            current = asMap(resolve(ref.toString()), ref.toString());
        }
        throw new AssertionError("reference cycle at " + node);
    }

    private static Object resolve(String pointer) {
        Object target = resolveOrNull(pointer);
        if (target == null) {
            fail("the document has nothing at " + pointer);
        }
        return target;
    }

    private static Object resolveOrNull(String pointer) {
        if (!pointer.startsWith("#/")) {
            return null;
        }
        Object current = document;
        for (String token : pointer.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("$ref".equals(k)) {
                    refs.add(String.valueOf(v));
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }

    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        if (!parent.containsKey(key)) {
            fail("missing '" + key + "' in " + abbreviate(parent));
        }
        return asMap(parent.get(key), "'" + key + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            fail(what + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object node, String what) {
        if (!(node instanceof List<?>)) {
            fail(what + " is not a list: " + node);
        }
        return (List<Object>) node;
    }

    private static String abbreviate(Object node) {
        String text = String.valueOf(node);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Comparing examples with golden files
    // ----------------------------------------------------------------------------------------------------------------

    private static JsonNode tree(Object yamlValue) {
        return ContractJson.mapper().valueToTree(yamlValue);
    }

    private static JsonNode goldenTree(String relativePath) {
        try {
            return GoldenFiles.exactTree(Files.readString(GoldenFiles.root().resolve(relativePath),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read golden file " + relativePath, e);
        }
    }

    /**
     * The same JSON, numbers compared by value: YAML reads {@code 199.00} as the double 199.0, so the scale of an
     * amount cannot survive the example (the golden-JSON tests pin it).
     */
    private static void assertSameJson(String message, JsonNode actual, JsonNode expected) {
        Comparator<JsonNode> numbersByValue = (a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        };
        if (!actual.equals(numbersByValue, expected)) {
            assertThat(actual.toPrettyString()).as(message).isEqualTo(expected.toPrettyString());
            fail(message + ": differs in a number");
        }
    }
}
