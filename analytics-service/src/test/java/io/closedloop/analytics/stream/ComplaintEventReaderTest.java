package io.closedloop.analytics.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplaintEventReaderTest {

    private static final String COMPLAINT = "C-1";

    @Test
    void readsAnEnvelopeKeyedByItsComplaint() {
        ComplaintEventEnvelope event = ComplaintEventReader.read(record(COMPLAINT, validEnvelope()));

        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.sequence()).isZero();
        assertThat(event.payload()).isInstanceOf(ComplaintReceivedEvent.class);
    }

    @Test
    void rejectsAValueThatIsNotJson() {
        assertInvalid(record(COMPLAINT, "not json".getBytes(StandardCharsets.UTF_8)), "unreadable envelope");
    }

    @Test
    void rejectsAnEmptyValue() {
        assertInvalid(record(COMPLAINT, null), "the value is empty");
    }

    @Test
    void rejectsAnUnknownEventType() {
        assertInvalid(record(COMPLAINT, validEnvelope(e -> e.put("type", "ComplaintTeleported"))),
                "unknown complaint event type 'ComplaintTeleported'");
    }

    @Test
    void rejectsAnEnvelopeWithoutEventId() {
        assertInvalid(record(COMPLAINT, validEnvelope(e -> e.remove("eventId"))), "eventId is missing");
    }

    @Test
    void rejectsAnEventIdTooLongForTheInbox() {
        assertInvalid(record(COMPLAINT, validEnvelope(e -> e.put("eventId", "x".repeat(65)))),
                "eventId is longer than 64 characters");
    }

    @Test
    void rejectsAnEnvelopeWithoutSequence() {
        assertInvalid(record(COMPLAINT, validEnvelope(e -> e.remove("sequence"))), "sequence is missing");
    }

    @Test
    void rejectsARecordNotKeyedByItsComplaint() {
        assertInvalid(record("C-2", validEnvelope()), "key 'C-2' is not the complaint id 'C-1'");
    }

    private static void assertInvalid(ConsumerRecord<String, byte[]> record, String reason) {
        assertThatThrownBy(() -> ComplaintEventReader.read(record))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageStartingWith("complaint.events.v1-0@7 is not a valid complaint event")
                .hasMessageContaining(reason);
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("complaint.events.v1", 0, 7, key, value);
    }

    private static byte[] validEnvelope() {
        return validEnvelope(envelope -> { });
    }

    private static byte[] validEnvelope(Consumer<ObjectNode> change) {
        Instant at = Instant.parse("2025-03-14T09:25:53Z");
        var payload = new ComplaintReceivedEvent(COMPLAINT, Channel.EMAIL, "mail-1", at,
                new Complainant("Li Wei", null, "li.wei@example.com", null), "Late", "Two weeks late.",
                InfoType.COMPLAINT, null, null, null, List.of(), Actor.customer(Channel.EMAIL, "mail-adapter"));
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
