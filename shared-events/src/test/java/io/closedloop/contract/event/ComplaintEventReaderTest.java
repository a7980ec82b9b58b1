package io.closedloop.contract.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a consuming service accepts from {@code complaint.events.v1}, and the reason it gives for what it does not. */
class ComplaintEventReaderTest {

    private static final String COMPLAINT = "C-1";

    @Test
    void readsAnEnvelopeKeyedByItsComplaint() {
        ComplaintEventEnvelope event = ComplaintEventReader.read(COMPLAINT, validEnvelope());

        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.sequence()).isZero();
        assertThat(event.payload()).isInstanceOf(ComplaintReceivedEvent.class);
    }

    /** What intake writes is what the consumers must take: every golden event passes the reader's checks. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.closedloop.contract.event.ComplaintEventGoldenJsonTest#registeredEventTypes")
    void readsTheGoldenEnvelopeOfEveryEventType(String typeName, Class<? extends ComplaintEvent> type) {
        ComplaintEventEnvelope sample = ContractSamples.envelope(type);
        byte[] golden = GoldenFiles.golden("events/" + typeName + ".json", sample, ComplaintEventEnvelope.class)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(ComplaintEventReader.read(sample.complaintId(), golden)).isEqualTo(sample);
    }

    @Test
    void acceptsAnEventIdAsLongAsTheInboxHolds() {
        String longest = "x".repeat(64);

        ComplaintEventEnvelope event = ComplaintEventReader.read(COMPLAINT,
                validEnvelope(e -> e.put("eventId", longest)));

        assertThat(event.eventId()).isEqualTo(longest);
    }

    @Test
    void rejectsAValueThatIsNotJson() {
        assertInvalid(COMPLAINT, "not json".getBytes(StandardCharsets.UTF_8), "unreadable envelope");
    }

    /** The reason is for people: the parser's own words without its location dump; its error stays the cause. */
    @Test
    void keepsTheParserErrorAsTheCauseOfAnUnreadableEnvelope() {
        assertThatThrownBy(() -> ComplaintEventReader.read(COMPLAINT, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasCauseInstanceOf(JsonProcessingException.class)
                .hasMessageNotContaining("[Source:");
    }

    @Test
    void rejectsARecordWithoutValue() {
        assertInvalid(COMPLAINT, null, "the value is empty");
    }

    @Test
    void rejectsAnEmptyValue() {
        assertInvalid(COMPLAINT, new byte[0], "the value is empty");
    }

    @Test
    void rejectsAValueThatIsJsonNull() {
        assertInvalid(COMPLAINT, "null".getBytes(StandardCharsets.UTF_8), "the value is JSON null");
    }

    @Test
    void rejectsAnEnvelopeWithoutPayload() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.remove("payload")), "payload must be an object");
    }

    @Test
    void rejectsAnUnknownEventType() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.put("type", "ComplaintTeleported")),
                "unknown complaint event type 'ComplaintTeleported'");
    }

    @Test
    void rejectsAnEnvelopeWithoutEventId() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.remove("eventId")), "eventId is missing");
    }

    @Test
    void rejectsABlankEventId() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.put("eventId", "  ")), "eventId is missing");
    }

    @Test
    void rejectsAnEventIdTooLongForTheInbox() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.put("eventId", "x".repeat(65))),
                "eventId is longer than 64 characters");
    }

    @Test
    void rejectsAnEnvelopeWithoutComplaintId() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.remove("complaintId")), "complaintId is missing");
    }

    @Test
    void rejectsAComplaintIdTooLongForTheInbox() {
        String tooLong = "C".repeat(65);

        assertInvalid(tooLong, validEnvelope(e -> e.put("complaintId", tooLong)),
                "complaintId is longer than 64 characters");
    }

    @Test
    void rejectsAnEnvelopeWithoutSequence() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.remove("sequence")), "sequence is missing");
    }

    @Test
    void rejectsAnEnvelopeWithoutOccurredAt() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.putNull("occurredAt")), "occurredAt is missing");
        assertInvalid(COMPLAINT, validEnvelope(e -> e.remove("occurredAt")), "occurredAt is missing");
    }

    @Test
    void rejectsANegativeSequence() {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.put("sequence", -5)), "sequence is missing or negative");
    }

    /** Found by the consumers' HostileInputIT: 2^64 read as 0 and 1.5 as 1, so a mangled position passed. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"18446744073709551616", "9223372036854775808", "1.5",
            "1e400", "\"3\"", "true", "[0]"})
    void rejectsASequenceThatIsNotAWholeNumberALongHolds(String sequence) {
        assertInvalid(COMPLAINT, validEnvelope(e -> e.set("sequence", readTree(sequence))),
                "sequence is missing or negative");
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return ContractJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rejectsARecordNotKeyedByItsComplaint() {
        assertInvalid("C-2", validEnvelope(), "key 'C-2' is not the complaint id 'C-1'");
    }

    @Test
    void rejectsARecordWithoutKey() {
        assertInvalid(null, validEnvelope(), "key 'null' is not the complaint id 'C-1'");
    }

    @Test
    void rejectsAPayloadOfAnotherComplaint() {
        assertInvalid(COMPLAINT, validEnvelope(e -> ((ObjectNode) e.get("payload")).put("complaintId", "C-9")),
                "the payload belongs to complaint 'C-9'");
    }

    private static void assertInvalid(String key, byte[] value, String reason) {
        assertThatThrownBy(() -> ComplaintEventReader.read(key, value))
                .isInstanceOfSatisfying(InvalidComplaintEventException.class,
                        invalid -> assertThat(invalid.reason()).contains(reason))
                .hasMessageStartingWith("not a valid complaint event: ")
                .hasMessageContaining(reason);
    }

    private static byte[] validEnvelope() {
        return validEnvelope(envelope -> { });
    }

    private static byte[] validEnvelope(Consumer<ObjectNode> change) {
        Instant at = Instant.parse("2025-03-14T09:25:53Z");
        var payload = new ComplaintReceivedEvent(COMPLAINT, Channel.EMAIL, "mail-1", at,
                new Complainant("Li Wei", null, "li.wei@example.com", null), "Late", "Two weeks late.",
                InfoType.COMPLAINT, null, null, null, List.of(), null, null, null, Actor.customer(Channel.EMAIL, "mail-adapter"));
        var envelope = new ComplaintEventEnvelope("e-1", "ComplaintReceived", "1", COMPLAINT, 0, at, "corr-1",
                "cause-1", payload);
        ObjectNode json = ContractJson.mapper().valueToTree(envelope);
        change.accept(json);
        try {
            return ContractJson.mapper().writeValueAsBytes(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
