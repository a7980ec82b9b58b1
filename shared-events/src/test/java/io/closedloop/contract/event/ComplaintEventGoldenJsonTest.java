package io.closedloop.contract.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.Actor;
import io.closedloop.contract.ContractClasses;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.json.ContractJson;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON form of every registered complaint event, pinned by a committed golden file per type at
 * {@code src/test/resources/golden/events/<TypeName>.json}: a renamed, dropped or retyped field fails here.
 *
 * <p>Golden files are generated from {@link ContractSamples} with
 * {@code ./mvnw -q -f shared-events/pom.xml test -Dgolden.update=true}; without that property a missing golden
 * file is a failure. A deliberate change to an event's shape needs a new {@code @Revision} and an upcaster, and
 * then a regenerated golden file (see {@link GoldenFiles}).
 */
class ComplaintEventGoldenJsonTest {

    private static final String FOLDER = "events";

    static Stream<Arguments> registeredEventTypes() {
        return ComplaintEvent.registered().stream()
                .map(t -> Arguments.of(t.name(), t.value().asSubclass(ComplaintEvent.class)));
    }

    private static String golden(String typeName, Class<? extends ComplaintEvent> type) {
        return GoldenFiles.golden(FOLDER + "/" + typeName + ".json", ContractSamples.envelope(type),
                ComplaintEventEnvelope.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void theSampleEnvelopeIsWrittenExactlyAsItsGoldenFile(String typeName, Class<? extends ComplaintEvent> type)
            throws Exception {
        String expected = golden(typeName, type);

        String actual = ContractJson.mapper().writeValueAsString(ContractSamples.envelope(type));

        GoldenFiles.assertMatchesGolden("JSON of " + typeName + " differs from its golden file", expected, actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void theGoldenFileIsReadBackAsTheSampleEnvelope(String typeName, Class<? extends ComplaintEvent> type)
            throws Exception {
        String json = golden(typeName, type);

        ComplaintEventEnvelope read = ContractJson.mapper().readValue(json, ComplaintEventEnvelope.class);

        assertThat(read.payload()).isInstanceOf(type);
        assertThat(read).isEqualTo(ContractSamples.envelope(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void theGoldenFileNamesTheRegisteredTypeAndTheClassRevision(String typeName, Class<? extends ComplaintEvent> type)
            throws Exception {
        JsonNode golden = ContractJson.mapper().readTree(golden(typeName, type));

        assertThat(golden.path("type").asText()).isEqualTo(typeName);
        assertThat(golden.path("revision").asText()).isEqualTo(revisionOf(type));
        assertThat(golden.path("payload").isObject()).as("payload is a JSON object").isTrue();
        assertThat(golden.path("payload").has("type"))
                .as("the payload carries no type id of its own; the envelope's type says how to read it")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void everyEventClassHasAnAxonRevisionThatTheEnvelopeCarries(String typeName, Class<? extends ComplaintEvent> type) {
        Revision revision = type.getAnnotation(Revision.class);

        assertThat(revision).as(type.getSimpleName() + " has @Revision").isNotNull();
        assertThat(revision.value()).isNotBlank();
        assertThat(ContractSamples.envelope(type).revision()).isEqualTo(revision.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void everyEventSurvivesAxonsJacksonSerializerWithItsRevisionAndTheSamePayloadJson(
            String typeName, Class<? extends ComplaintEvent> type) throws Exception {
        // The event store (Axon) writes payloads with a mapper configured by ContractJson.configure(...).
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(ContractJson.configure(JsonMapper.builder().build()))
                .build();
        ComplaintEvent sample = ContractSamples.event(type);

        SerializedObject<String> stored = serializer.serialize(sample, String.class);
        Object readBack = serializer.deserialize(stored);

        assertThat(stored.getType().getName()).isEqualTo(type.getName());
        assertThat(stored.getType().getRevision()).isEqualTo(revisionOf(type));
        assertThat(readBack).isEqualTo(sample);
        String goldenPayload = GoldenFiles.exactTree(golden(typeName, type)).get("payload").toString();
        GoldenFiles.assertMatchesGolden("payload of " + typeName + " in the event store", goldenPayload,
                stored.getData());
    }

    @Test
    void everyRegisteredEventHasASampleAndEverySampleIsRegistered() {
        Set<Class<?>> registered = ComplaintEvent.registered().stream()
                .map(JsonSubTypes.Type::value)
                .collect(Collectors.toSet());

        assertThat(ContractSamples.events().keySet()).containsExactlyInAnyOrderElementsOf(
                registered.stream().map(c -> c.asSubclass(ComplaintEvent.class)).toList());
    }

    @Test
    void everyRegisteredEventHasAGoldenFileAndNoGoldenFileIsAnOrphan() {
        Set<String> registeredNames = ComplaintEvent.registered().stream()
                .map(JsonSubTypes.Type::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (GoldenFiles.updating()) {
            ComplaintEvent.registered().forEach(t -> golden(t.name(), t.value().asSubclass(ComplaintEvent.class)));
        }

        assertThat(GoldenFiles.namesIn(FOLDER)).isEqualTo(registeredNames);
    }

    @Test
    void everyEventRecordInTheEventPackageIsRegisteredExactlyOnceUnderAUniqueName() {
        List<JsonSubTypes.Type> registered = ComplaintEvent.registered();
        List<Class<? extends ComplaintEvent>> declared =
                ContractClasses.concreteImplementations(ComplaintEvent.class.getPackageName(), ComplaintEvent.class);

        assertThat(registered.stream().map(JsonSubTypes.Type::name)).doesNotHaveDuplicates();
        assertThat(registered.stream().map(JsonSubTypes.Type::value)).doesNotHaveDuplicates();
        assertThat(declared).containsExactlyInAnyOrderElementsOf(
                registered.stream().map(t -> t.value().asSubclass(ComplaintEvent.class)).toList());
        declared.forEach(type -> assertThat(type.isRecord()).as(type + " is a record").isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredEventTypes")
    void typeNameReturnsTheRegisteredNameWhichIsTheClassNameWithoutEvent(
            String typeName, Class<? extends ComplaintEvent> type) {
        assertThat(ComplaintEvent.typeName(type)).isEqualTo(typeName);
        assertThat(type.getSimpleName()).isEqualTo(typeName + "Event");
    }

    @Test
    void typeNameOfAnUnregisteredEventClassIsRefused() {
        assertThatThrownBy(() -> ComplaintEvent.typeName(UnregisteredEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a registered complaint event");
    }

    private record UnregisteredEvent(String complaintId, Actor actor) implements ComplaintEvent {
    }

    private static String revisionOf(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        assertThat(revision).as(type.getSimpleName() + " has @Revision").isNotNull();
        return revision.value();
    }
}
