package io.closedloop.contract.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.ContractClasses;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.json.ContractJson;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON form of every registered complaint command on {@code complaint.commands.v1}, pinned by a committed golden
 * file per type at {@code src/test/resources/golden/commands/<TypeName>.json}, and the Axon routing of each command
 * to its complaint.
 *
 * <p>Golden files are generated from {@link ContractSamples} with
 * {@code ./mvnw -q -f shared-events/pom.xml test -Dgolden.update=true}; without that property a missing golden
 * file is a failure (see {@link GoldenFiles}).
 */
class ComplaintCommandGoldenJsonTest {

    private static final String FOLDER = "commands";

    static List<JsonSubTypes.Type> registered() {
        return Arrays.asList(ComplaintCommand.class.getAnnotation(JsonSubTypes.class).value());
    }

    static Stream<Arguments> registeredCommandTypes() {
        return registered().stream().map(t -> Arguments.of(t.name(), t.value().asSubclass(ComplaintCommand.class)));
    }

    private static String golden(String typeName, Class<? extends ComplaintCommand> type) {
        return GoldenFiles.golden(FOLDER + "/" + typeName + ".json", ContractSamples.command(type),
                ComplaintCommand.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void theSampleCommandIsWrittenExactlyAsItsGoldenFileWithItsTypeName(
            String typeName, Class<? extends ComplaintCommand> type) throws Exception {
        String expected = golden(typeName, type);

        String actual = ContractJson.mapper().writerFor(ComplaintCommand.class)
                .writeValueAsString(ContractSamples.command(type));

        GoldenFiles.assertMatchesGolden("JSON of " + typeName + " differs from its golden file", expected, actual);
        assertThat(ContractJson.mapper().readTree(actual).path("type").asText()).isEqualTo(typeName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void aCommandWrittenAsItsOwnClassStillCarriesItsTypeName(String typeName, Class<? extends ComplaintCommand> type)
            throws Exception {
        String json = ContractJson.mapper().writeValueAsString(ContractSamples.command(type));

        GoldenFiles.assertMatchesGolden("JSON of " + typeName + " written as its class", golden(typeName, type), json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void theGoldenFileIsReadBackPolymorphicallyAsTheSampleCommand(
            String typeName, Class<? extends ComplaintCommand> type) throws Exception {
        String json = golden(typeName, type);

        ComplaintCommand read = ContractJson.mapper().readValue(json, ComplaintCommand.class);

        assertThat(read).isInstanceOf(type).isEqualTo(ContractSamples.command(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void theTypeNameMayComeLastAndUnknownFieldsAreIgnored(String typeName, Class<? extends ComplaintCommand> type)
            throws Exception {
        ObjectNode golden = (ObjectNode) GoldenFiles.exactTree(golden(typeName, type));
        ObjectNode reordered = golden.objectNode();
        golden.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type")) {
                reordered.set(f.getKey(), f.getValue());
            }
        });
        reordered.put("sentBy", "routing-service@1.4.2");
        reordered.put("type", typeName);

        ComplaintCommand read = ContractJson.mapper().readValue(reordered.toString(), ComplaintCommand.class);

        assertThat(read).isEqualTo(ContractSamples.command(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void typeNameReturnsTheRegisteredName(String typeName, Class<? extends ComplaintCommand> type) {
        assertThat(ContractSamples.command(type).typeName()).isEqualTo(typeName);
        assertThat(type.getSimpleName()).isEqualTo(typeName + "Command");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void complaintIdIsTheOnlyTargetAggregateIdentifierOfTheCommand(
            String typeName, Class<? extends ComplaintCommand> type) throws Exception {
        // @TargetAggregateIdentifier targets FIELD and METHOD, so on a record component Java puts it on the
        // private field and on the accessor; Axon looks at both.
        RecordComponent complaintId = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals("complaintId"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(type + " has no complaintId component"));
        Field field = type.getDeclaredField("complaintId");

        assertThat(field.isAnnotationPresent(TargetAggregateIdentifier.class)
                || complaintId.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class))
                .as(type.getSimpleName() + ".complaintId carries @TargetAggregateIdentifier")
                .isTrue();
        assertThat(Arrays.stream(type.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(TargetAggregateIdentifier.class))
                .map(Field::getName))
                .as("fields of " + type.getSimpleName() + " marked @TargetAggregateIdentifier")
                .containsOnly("complaintId");
        assertThat(Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(TargetAggregateIdentifier.class))
                .map(java.lang.reflect.Method::getName))
                .as("methods of " + type.getSimpleName() + " marked @TargetAggregateIdentifier")
                .containsOnly("complaintId");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredCommandTypes")
    void axonResolvesTheComplaintIdAsTheTargetAggregateAndTheRoutingKey(
            String typeName, Class<? extends ComplaintCommand> type) {
        ComplaintCommand sample = ContractSamples.command(type);
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(sample);

        VersionedAggregateIdentifier target = AnnotationCommandTargetResolver.builder().build().resolveTarget(message);
        String routingKey = AnnotationRoutingStrategy.defaultStrategy().getRoutingKey(message);

        assertThat(target.getIdentifier()).isEqualTo(ContractSamples.COMPLAINT_ID);
        assertThat(target.getVersion()).isNull();
        assertThat(routingKey).isEqualTo(ContractSamples.COMPLAINT_ID);
    }

    @Test
    void everyRegisteredCommandHasASampleAndEverySampleIsRegistered() {
        assertThat(ContractSamples.commands().keySet()).containsExactlyInAnyOrderElementsOf(
                registered().stream().map(t -> t.value().asSubclass(ComplaintCommand.class)).toList());
    }

    @Test
    void everyRegisteredCommandHasAGoldenFileAndNoGoldenFileIsAnOrphan() {
        Set<String> registeredNames = registered().stream()
                .map(JsonSubTypes.Type::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (GoldenFiles.updating()) {
            registered().forEach(t -> golden(t.name(), t.value().asSubclass(ComplaintCommand.class)));
        }

        assertThat(GoldenFiles.namesIn(FOLDER)).isEqualTo(registeredNames);
    }

    @Test
    void everyCommandRecordInTheCommandPackageIsRegisteredExactlyOnceUnderAUniqueName() {
        List<Class<? extends ComplaintCommand>> declared = ContractClasses.concreteImplementations(
                ComplaintCommand.class.getPackageName(), ComplaintCommand.class);

        assertThat(registered().stream().map(JsonSubTypes.Type::name)).doesNotHaveDuplicates();
        assertThat(registered().stream().map(JsonSubTypes.Type::value)).doesNotHaveDuplicates();
        assertThat(declared).containsExactlyInAnyOrderElementsOf(
                registered().stream().map(t -> t.value().asSubclass(ComplaintCommand.class)).toList());
        declared.forEach(type -> assertThat(type.isRecord()).as(type + " is a record").isTrue());
    }

    @Test
    void aCommandWithAnUnknownTypeIsRejectedNamingTheType() {
        String json = """
                {"type":"DeleteComplaint","commandId":"cmd-1","complaintId":"cmp-1",
                 "actor":{"type":"USER","id":"li.na"}}
                """;

        assertThatThrownBy(() -> ContractJson.mapper().readValue(json, ComplaintCommand.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .hasMessageContaining("'DeleteComplaint'");
    }

    @Test
    void aCommandWithoutATypeIsRejected() {
        String json = """
                {"commandId":"cmd-1","complaintId":"cmp-1","note":"x","actor":{"type":"USER","id":"li.na"}}
                """;

        assertThatThrownBy(() -> ContractJson.mapper().readValue(json, ComplaintCommand.class))
                .isInstanceOf(InvalidTypeIdException.class)
                .hasMessageContaining("missing type id property 'type'");
    }

    @Test
    void theTypeNameOfTheReceiveCommandIsInTheGoldenFileAlongsideTheNestedSubmission() throws Exception {
        JsonNode golden = ContractJson.mapper().readTree(golden("ReceiveComplaint", ReceiveComplaintCommand.class));

        assertThat(golden.path("type").asText()).isEqualTo("ReceiveComplaint");
        assertThat(golden.path("submission").path("channel").asText()).isEqualTo("web");
        assertThat(golden.path("submission").has("type")).isFalse();
    }
}
