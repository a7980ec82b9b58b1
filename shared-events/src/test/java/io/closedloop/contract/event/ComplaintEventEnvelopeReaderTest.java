package io.closedloop.contract.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@link ComplaintEventEnvelope}'s own reader treats what arrives on {@code complaint.events.v1}. */
class ComplaintEventEnvelopeReaderTest {

    private final ObjectMapper mapper = ContractJson.mapper();

    private static String envelopeJson(String type, String payload) {
        return """
                {"eventId":"evt-1","type":%s,"revision":"1","complaintId":"cmp-1","sequence":3,
                 "occurredAt":"2026-09-30T09:55:00Z","correlationId":"corr-1","causationId":"cmd-1","payload":%s}
                """.formatted(type, payload);
    }

    @Test
    void anEnvelopeWithAnUnknownTypeIsRejectedNamingTheType() {
        String json = envelopeJson("\"ComplaintTeleported\"", "{\"complaintId\":\"cmp-1\"}");

        assertThatThrownBy(() -> mapper.readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("unknown complaint event type 'ComplaintTeleported'");
    }

    @Test
    void anEnvelopeWhoseTypeIsAClassNameRatherThanTheRegisteredNameIsRejected() {
        String json = envelopeJson("\"ComplaintReceivedEvent\"", "{\"complaintId\":\"cmp-1\"}");

        assertThatThrownBy(() -> mapper.readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("unknown complaint event type 'ComplaintReceivedEvent'");
    }

    @Test
    void anEnvelopeWithoutATypeIsRejected() {
        String json = """
                {"eventId":"evt-1","complaintId":"cmp-1","sequence":3,"payload":{"complaintId":"cmp-1"}}
                """;

        assertThatThrownBy(() -> mapper.readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("unknown complaint event type");
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {"\"just text\"", "[{\"complaintId\":\"cmp-1\"}]", "42", "null"})
    void anEnvelopeWhosePayloadIsNotAJsonObjectIsRejected(String payload) {
        String json = envelopeJson("\"ComplaintClosed\"", payload);

        assertThatThrownBy(() -> mapper.readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("payload must be an object");
    }

    @Test
    void anEnvelopeWithoutAPayloadIsRejected() {
        String json = """
                {"eventId":"evt-1","type":"ComplaintClosed","revision":"1","complaintId":"cmp-1","sequence":3}
                """;

        assertThatThrownBy(() -> mapper.readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("payload must be an object");
    }

    @Test
    void theReaderIsUsedEvenByAMapperNotConfiguredByTheContract() {
        String json = envelopeJson("\"ComplaintTeleported\"", "{}");

        assertThatThrownBy(() -> new ObjectMapper().readValue(json, ComplaintEventEnvelope.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("unknown complaint event type 'ComplaintTeleported'");
    }

    @Test
    void theTypeDecidesThePayloadClassWhereverItStandsInTheObject() throws Exception {
        String json = """
                {"payload":{"complaintId":"cmp-1","confirmation":"customer-confirmed",
                            "closedAt":"2026-10-20T02:15:00Z","actor":{"type":"USER","id":"li.na"}},
                 "sequence":7,"complaintId":"cmp-1","type":"ComplaintClosed","revision":"1","eventId":"evt-7"}
                """;

        ComplaintEventEnvelope envelope = mapper.readValue(json, ComplaintEventEnvelope.class);

        assertThat(envelope).isEqualTo(new ComplaintEventEnvelope("evt-7", "ComplaintClosed", "1", "cmp-1", 7, null,
                null, null, new ComplaintClosedEvent("cmp-1", "customer-confirmed",
                        Instant.parse("2026-10-20T02:15:00Z"), Actor.user("li.na"))));
    }

    @Test
    void fieldsUnknownToThisReaderAreIgnoredInTheEnvelopeAndInThePayload() throws Exception {
        Class<ComplaintReceivedEvent> type = ComplaintReceivedEvent.class;
        ObjectNode golden = (ObjectNode) GoldenFiles.exactTree(GoldenFiles.golden("events/ComplaintReceived.json",
                ContractSamples.envelope(type), ComplaintEventEnvelope.class));
        golden.put("producedBy", "intake-service@2.3.0");
        ((ObjectNode) golden.get("payload")).put("sentiment", "angry / 生气");
        ((ObjectNode) golden.get("payload").get("sealedComplainant")).put("keyVersion", 3);

        ComplaintEventEnvelope read = mapper.readValue(golden.toString(), ComplaintEventEnvelope.class);

        assertThat(read).isEqualTo(ContractSamples.envelope(type));
    }

    @Test
    void aTimestampWithAnOffsetIsReadAsTheSameInstant() throws Exception {
        String json = envelopeJson("\"ComplaintResolved\"", """
                {"complaintId":"cmp-1","solution":"更换刹车片","resolvedAt":"2026-10-10T16:30:00+08:00",
                 "actor":{"type":"USER","id":"li.na"}}
                """).replace("2026-09-30T09:55:00Z", "2026-09-30T17:55:00+08:00");

        ComplaintEventEnvelope read = mapper.readValue(json, ComplaintEventEnvelope.class);

        assertThat(read.occurredAt()).isEqualTo(Instant.parse("2026-09-30T09:55:00Z"));
        assertThat(((ComplaintResolvedEvent) read.payload()).resolvedAt())
                .isEqualTo(Instant.parse("2026-10-10T08:30:00Z"));
    }

    /**
     * Money must arrive exactly as it was written: amount and scale. The reader reads the envelope as a tree
     * first, so the tree must not turn decimals into doubles (precision) or strip trailing zeros (scale).
     */
    @ParameterizedTest(name = "{0} CNY")
    @ValueSource(strings = {"199.00", "0.10", "12345678901234567.89", "100"})
    void moneyInAPayloadKeepsItsExactAmountAndScaleThroughTheEnvelope(String amount) throws Exception {
        CompensationPaidEvent paid = new CompensationPaidEvent("cmp-1", "comp-0001",
                ContractSamples.cny(amount), "PAY-1", Actor.user("zhao.lei"));
        ComplaintEventEnvelope envelope = new ComplaintEventEnvelope("evt-1", "CompensationPaid", "1", "cmp-1", 13,
                Instant.parse("2026-10-10T08:30:00Z"), "corr-1", "cmd-1", paid);

        String json = mapper.writeValueAsString(envelope);
        ComplaintEventEnvelope read = mapper.readValue(json, ComplaintEventEnvelope.class);

        BigDecimal readAmount = ((CompensationPaidEvent) read.payload()).amount().amount();
        assertThat(readAmount.toPlainString()).isEqualTo(amount);
        assertThat(read).isEqualTo(envelope);
    }
}
