package io.closedloop.contract.topic;

import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry of Kafka topics and the department topic pattern. */
class TopicTest {

    /** Kafka's own rule for topic names: at most 249 characters of ASCII letters, digits, '.', '_' and '-'. */
    private static final String KAFKA_TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

    @Test
    void topicNamesAreUnique() {
        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicNameIsVersionedAndEndsWithV1OrV1Dlt(Topic topic) {
        assertThat(topic.topicName()).matches(KAFKA_TOPIC_NAME);
        assertThat(topic.topicName().endsWith(".v1") || topic.topicName().endsWith(".v1.dlt"))
                .as(topic.topicName() + " ends with .v1 or .v1.dlt")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicDeclaresItsKeyValueTypeAndWriters(Topic topic) {
        assertThat(topic.key()).isNotBlank();
        assertThat(topic.valueType()).isNotNull();
        assertThat(topic.writers()).isNotEmpty().allSatisfy(w -> assertThat(w).isNotBlank());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyDeadLetterTopicBelongsToATopicOfTheRegistryAndCarriesRawBytes(Topic topic) {
        if (!topic.topicName().endsWith(".dlt")) {
            assertThat(topic.valueType()).isNotEqualTo(byte[].class);
            return;
        }
        String main = topic.topicName().substring(0, topic.topicName().length() - ".dlt".length());

        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).contains(main);
        assertThat(topic.valueType()).isEqualTo(byte[].class);
    }

    @Test
    void theMainTopicsCarryTheContractsValueTypes() {
        assertThat(Topic.COMPLAINT_INTAKE.topicName()).isEqualTo("complaint.intake.v1");
        assertThat(Topic.COMPLAINT_INTAKE.valueType()).isEqualTo(ComplaintSubmission.class);
        assertThat(Topic.COMPLAINT_COMMANDS.topicName()).isEqualTo("complaint.commands.v1");
        assertThat(Topic.COMPLAINT_COMMANDS.valueType()).isEqualTo(ComplaintCommand.class);
        assertThat(Topic.COMPLAINT_EVENTS.topicName()).isEqualTo("complaint.events.v1");
        assertThat(Topic.COMPLAINT_EVENTS.valueType()).isEqualTo(ComplaintEventEnvelope.class);
    }

    @Test
    void departmentTopicOfAfterSalesIsDeptAfterSalesComplaintsV1() {
        assertThat(Topic.departmentTopic("after-sales")).isEqualTo("dept.after-sales.complaints.v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qa", "quality-engineering", "dealer-0815", "7"})
    void departmentTopicsAreValidVersionedKafkaNamesDistinctFromTheRegistry(String department) {
        String topic = Topic.departmentTopic(department);

        assertThat(topic).matches(KAFKA_TOPIC_NAME).startsWith("dept.").endsWith(".complaints.v1");
        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).doesNotContain(topic);
    }

    @Test
    void aDepartmentCodeOfSixtyThreeCharactersIsTheLongestAccepted() {
        String longest = "d" + "-x".repeat(31);
        assertThat(longest).hasSize(63);

        assertThat(Topic.departmentTopic(longest)).isEqualTo("dept." + longest + ".complaints.v1");
        assertThatThrownBy(() -> Topic.departmentTopic(longest + "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> invalidDepartmentCodes() {
        return Stream.of(null, "", "A B", "../x", "a".repeat(70), "a".repeat(64), "after sales", "After-Sales",
                "-after-sales", "after.sales", "after_sales", "售后", " after-sales", "after-sales\n");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("invalidDepartmentCodes")
    void anInvalidDepartmentCodeIsRejected(String department) {
        assertThatThrownBy(() -> Topic.departmentTopic(department))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("department code must match");
    }
}
