package io.closedloop.analytics.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.json.ContractJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;

/**
 * Reads a record of {@code complaint.events.v1} into its envelope, or says precisely why it is not one.
 *
 * <p>Values arrive as raw bytes and are parsed here rather than by an {@code ErrorHandlingDeserializer}: a bad
 * record then fails inside the listener with an {@link InvalidComplaintEventException} that names the reason, the
 * contract checks (ids present, key = complaint id) live in the same place as the JSON parsing, and the
 * dead-letter topic receives the original bytes unchanged.
 */
final class ComplaintEventReader {

    /** The widths of the inbox's columns: a longer id could never be recorded, so it is rejected here. */
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_TYPE_LENGTH = 100;

    private ComplaintEventReader() {
    }

    static ComplaintEventEnvelope read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new InvalidComplaintEventException(record, "the value is empty");
        }
        ComplaintEventEnvelope event;
        try {
            event = ContractJson.mapper().readValue(record.value(), ComplaintEventEnvelope.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new InvalidComplaintEventException(record, "unreadable envelope: " + reason, e);
        }
        if (event == null) {
            throw new InvalidComplaintEventException(record, "the value is JSON null");
        }
        requireId(record, "eventId", event.eventId(), MAX_ID_LENGTH);
        requireId(record, "complaintId", event.complaintId(), MAX_ID_LENGTH);
        requireId(record, "type", event.type(), MAX_TYPE_LENGTH);
        if (event.sequence() < 0) {
            throw new InvalidComplaintEventException(record, "sequence is missing or negative");
        }
        // Events are keyed by complaint id so that one complaint's stream stays in order on one partition.
        if (!event.complaintId().equals(record.key())) {
            throw new InvalidComplaintEventException(record,
                    "key '%s' is not the complaint id '%s'".formatted(record.key(), event.complaintId()));
        }
        if (!event.complaintId().equals(event.payload().complaintId())) {
            throw new InvalidComplaintEventException(record, "the payload belongs to complaint '%s'"
                    .formatted(event.payload().complaintId()));
        }
        return event;
    }

    private static void requireId(ConsumerRecord<?, ?> record, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidComplaintEventException(record, field + " is missing");
        }
        if (value.length() > maxLength) {
            throw new InvalidComplaintEventException(record, field + " is longer than " + maxLength + " characters");
        }
    }
}
