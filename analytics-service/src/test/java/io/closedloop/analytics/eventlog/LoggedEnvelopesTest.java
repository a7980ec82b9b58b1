package io.closedloop.analytics.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.InvalidComplaintEventException;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event log's one-pass reader gives exactly what the contract's reader gives, for every event and every oddity. */
class LoggedEnvelopesTest {

    static Stream<Class<? extends ComplaintEvent>> everyEventType() {
        return ContractSamples.events().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void readsEveryEventTypeAsTheContractsReaderDoes(Class<? extends ComplaintEvent> type) throws IOException {
        ComplaintEventEnvelope sample = ContractSamples.envelope(type);
        byte[] compact = ContractJson.mapper().writeValueAsBytes(sample);

        assertThat(LoggedEnvelopes.stream(compact)).as("read in one pass, not handed on").isEqualTo(sample);
        assertThat(LoggedEnvelopes.read(sample.complaintId(), compact))
                .isEqualTo(ComplaintEventReader.read(sample.complaintId(), compact))
                .isEqualTo(sample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void readsTheGoldenFileOfEveryEventType(Class<? extends ComplaintEvent> type) throws IOException {
        String name = ComplaintEvent.typeName(type);
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/events/" + name + ".json")) {
            assertThat(in).as("the golden file of %s, from shared-events' test jar", name).isNotNull();
            golden = in.readAllBytes();
        }
        String key = ContractSamples.envelope(type).complaintId();

        assertThat(LoggedEnvelopes.read(key, golden)).isEqualTo(ComplaintEventReader.read(key, golden));
    }

    @Test
    void takesThePayloadBeforeTheTypeAFieldTwiceAndIdsThatAreNumbersAsTheContractsReaderDoes() {
        ObjectNode envelope = tree();
        ObjectNode payloadFirst = ContractJson.mapper().createObjectNode();
        payloadFirst.set("payload", envelope.get("payload"));
        payloadFirst.setAll(envelope);
        assertSameAsContract(payloadFirst.toString());

        String json = envelope.toString();
        assertSameAsContract(json.replaceFirst("\\{", "{\"sequence\":7,"));
        assertSameAsContract(json.replace("\"correlationId\":\"" + envelope.get("correlationId").asText() + "\"",
                "\"correlationId\":42"));
        assertSameAsContract(json.replaceFirst("\\{", "{\"somethingNew\":{\"a\":[1,2]},"));
    }

    @Test
    void failsAsTheContractsReaderDoes() {
        ComplaintEventEnvelope sample = ContractSamples.envelope(ComplaintReceivedEvent.class);
        byte[] json = json(sample);

        assertThatThrownBy(() -> LoggedEnvelopes.read("another-complaint", json))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageContaining("is not the complaint id");
        ObjectNode unknown = tree();
        unknown.put("type", "NoSuchEvent");
        assertThatThrownBy(() -> LoggedEnvelopes.read(sample.complaintId(), bytes(unknown.toString())))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageContaining("NoSuchEvent");
        ObjectNode negative = tree();
        negative.put("sequence", -1);
        assertThatThrownBy(() -> LoggedEnvelopes.read(sample.complaintId(), bytes(negative.toString())))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageContaining("sequence");
        ObjectNode undated = tree();
        undated.putNull("occurredAt");
        assertThatThrownBy(() -> LoggedEnvelopes.read(sample.complaintId(), bytes(undated.toString())))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageContaining("occurredAt is missing");
        assertThatThrownBy(() -> LoggedEnvelopes.read(sample.complaintId(), bytes("{ not json")))
                .isInstanceOf(InvalidComplaintEventException.class)
                .hasMessageContaining("unreadable envelope");
    }

    private static void assertSameAsContract(String json) {
        String key = ContractSamples.COMPLAINT_ID;
        assertThat(LoggedEnvelopes.read(key, bytes(json))).isEqualTo(ComplaintEventReader.read(key, bytes(json)));
    }

    private static ObjectNode tree() {
        return ContractJson.mapper().valueToTree(ContractSamples.envelope(ComplaintReceivedEvent.class));
    }

    private static byte[] json(ComplaintEventEnvelope envelope) {
        try {
            return ContractJson.mapper().writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
