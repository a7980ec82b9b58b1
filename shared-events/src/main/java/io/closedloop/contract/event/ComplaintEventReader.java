package io.closedloop.contract.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.json.ContractJson;

import java.io.IOException;

/**
 * Reads the value of a {@code complaint.events.v1} record into its envelope, or says precisely why it is not one.
 *
 * <p>Consumers receive values as raw bytes and parse them here rather than in a Kafka deserializer: a bad record
 * then fails inside the consumer with an {@link InvalidComplaintEventException} that names the reason, the
 * contract checks (ids present, key = complaint id) live in the same place as the JSON parsing, and a dead-letter
 * topic receives the original bytes unchanged.
 */
public final class ComplaintEventReader {

    /** The widths of the consumers' inbox columns: a longer id could never be recorded, so it is rejected here. */
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_TYPE_LENGTH = 100;

    private ComplaintEventReader() {
    }

    /**
     * @param key   the record's key
     * @param value the record's value, contract JSON
     * @throws InvalidComplaintEventException if the value is not a complaint event, or not one of this key
     */
    public static ComplaintEventEnvelope read(String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidComplaintEventException("the value is empty");
        }
        ComplaintEventEnvelope event;
        try {
            event = ContractJson.mapper().readValue(value, ComplaintEventEnvelope.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new InvalidComplaintEventException("unreadable envelope: " + reason, e);
        }
        if (event == null) {
            throw new InvalidComplaintEventException("the value is JSON null");
        }
        requireId("eventId", event.eventId(), MAX_ID_LENGTH);
        requireId("complaintId", event.complaintId(), MAX_ID_LENGTH);
        requireId("type", event.type(), MAX_TYPE_LENGTH);
        if (event.sequence() < 0) {
            throw new InvalidComplaintEventException("sequence is missing or negative, or not a whole number");
        }
        if (event.occurredAt() == null) {
            // required by the contract (asyncapi.yaml), and every consumer dates what it records by it (rules in
            // force, department copies, deadlines): routing failed on the null and retried it for ever
            throw new InvalidComplaintEventException("occurredAt is missing");
        }
        // Events are keyed by complaint id so that one complaint's stream stays in order on one partition.
        if (!event.complaintId().equals(key)) {
            throw new InvalidComplaintEventException(
                    "key '%s' is not the complaint id '%s'".formatted(key, event.complaintId()));
        }
        if (!event.complaintId().equals(event.payload().complaintId())) {
            throw new InvalidComplaintEventException("the payload belongs to complaint '%s'"
                    .formatted(event.payload().complaintId()));
        }
        return event;
    }

    private static void requireId(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidComplaintEventException(field + " is missing");
        }
        if (value.length() > maxLength) {
            throw new InvalidComplaintEventException(field + " is longer than " + maxLength + " characters");
        }
    }
}
