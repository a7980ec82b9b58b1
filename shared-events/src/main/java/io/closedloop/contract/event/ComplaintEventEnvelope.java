package io.closedloop.contract.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.time.Instant;

/**
 * A complaint event as it travels on {@code complaint.events.v1}: the recorded fact plus where it stands in its
 * complaint's stream. Consumers de-duplicate by {@code eventId} or by ({@code complaintId}, {@code sequence}):
 * the relay delivers at least once.
 *
 * @param type          the event's registered name (see {@link ComplaintEvent}); it says how to read {@code payload}
 * @param revision      the payload's {@code @Revision}
 * @param sequence      the event's gapless position in its complaint's stream, from 0
 * @param occurredAt    when the event was recorded
 * @param correlationId the id shared by everything one outside request set off
 * @param causationId   the id of the command or message that caused this event
 */
@JsonDeserialize(using = ComplaintEventEnvelope.Reader.class)
public record ComplaintEventEnvelope(
        String eventId,
        String type,
        String revision,
        String complaintId,
        long sequence,
        Instant occurredAt,
        String correlationId,
        String causationId,
        ComplaintEvent payload) {

    /** Reads the payload as the class that {@code type} names; an unknown type is an error, never a guess. */
    static final class Reader extends JsonDeserializer<ComplaintEventEnvelope> {
        @Override
        public ComplaintEventEnvelope deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            String type = text(node, "type");
            Class<?> payloadType = ComplaintEvent.registered().stream()
                    .filter(t -> t.name().equals(type))
                    .<Class<?>>map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::value)
                    .findFirst()
                    .orElse(null);
            if (payloadType == null) {
                return context.reportInputMismatch(ComplaintEventEnvelope.class, "unknown complaint event type '%s'", type);
            }
            JsonNode payloadNode = node.get("payload");
            if (payloadNode == null || !payloadNode.isObject()) {
                return context.reportInputMismatch(ComplaintEventEnvelope.class, "payload must be an object");
            }
            ComplaintEvent payload = (ComplaintEvent) context.readTreeAsValue(payloadNode, payloadType);
            Instant occurredAt = node.hasNonNull("occurredAt")
                    ? context.readTreeAsValue(node.get("occurredAt"), Instant.class) : null;
            return new ComplaintEventEnvelope(text(node, "eventId"), type, text(node, "revision"),
                    text(node, "complaintId"), sequence(node.get("sequence")), occurredAt,
                    text(node, "correlationId"), text(node, "causationId"), payload);
        }

        /**
         * The sequence as a whole number that fits a long, else -1 (the reader's "missing or negative"). Jackson's
         * {@code asLong} would turn 2^64 into 0 and 1.5 into 1, so a mangled number would pass as a real position.
         */
        private static long sequence(JsonNode value) {
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
                return -1;
            }
            return value.longValue();
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
