package io.closedloop.analytics.eventlog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.json.ContractJson;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the envelopes kept in the event log, for a fold. A rebuild reads every envelope of the log, and the
 * contract's {@link ComplaintEventReader} builds a JSON tree of each and then reads the payload out of the tree
 * (it must accept the fields in any order). Envelopes as the contract writes them have the type before the payload,
 * so here they are read in one pass with Jackson's streaming parser and one cached reader per payload type: the
 * same deserializers, about half the work.
 *
 * <p>Anything else (the payload before the type, a field twice, an unknown type, a value of an unexpected kind, a
 * check the contract would fail) is handed to {@link ComplaintEventReader}, so the result, or the error, is always
 * the one the contract's reader gives.
 */
final class LoggedEnvelopes {

    /** the contract's mapper, reading instants in the contract's own form without a DateTimeFormatter */
    private static final ObjectMapper JSON = ContractJson.mapper().copy()
            .registerModule(new SimpleModule("logged-instants").addDeserializer(Instant.class, new IsoInstants()));
    private static final ObjectReader INSTANT = JSON.readerFor(Instant.class);
    /** the first registration of each name wins, as in the contract's reader */
    private static final Map<String, ObjectReader> PAYLOADS = new HashMap<>();
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_TYPE_LENGTH = 100;

    static {
        for (JsonSubTypes.Type t : ComplaintEvent.registered()) {
            PAYLOADS.putIfAbsent(t.name(), JSON.readerFor(t.value()));
        }
    }

    private LoggedEnvelopes() {
    }

    /** The envelope, exactly as {@link ComplaintEventReader#read} gives it (or fails). */
    static ComplaintEventEnvelope read(String key, byte[] value) {
        ComplaintEventEnvelope envelope = null;
        if (value != null && value.length > 0) {
            try {
                envelope = stream(value);
            } catch (IOException | RuntimeException e) {
                // the contract's reader says what is wrong (or reads what this one does not)
                envelope = null;
            }
        }
        return envelope != null && valid(envelope, key) ? envelope : ComplaintEventReader.read(key, value);
    }

    /** The envelope, or null when it is not in the form this reader takes (without the contract's checks). */
    static ComplaintEventEnvelope stream(byte[] value) throws IOException {
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventId = null;
            String type = null;
            String revision = null;
            String complaintId = null;
            long sequence = -1;
            Instant occurredAt = null;
            String correlationId = null;
            String causationId = null;
            ComplaintEvent payload = null;
            int seen = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (field) {
                    case "eventId" -> 1;
                    case "type" -> 2;
                    case "revision" -> 4;
                    case "complaintId" -> 8;
                    case "sequence" -> 16;
                    case "occurredAt" -> 32;
                    case "correlationId" -> 64;
                    case "causationId" -> 128;
                    case "payload" -> 256;
                    default -> 0;
                };
                if ((seen & bit) != 0) {
                    return null; // a field twice: the tree keeps the last, let the contract's reader decide
                }
                seen |= bit;
                switch (field) {
                    case "eventId" -> eventId = text(p, v);
                    case "type" -> type = text(p, v);
                    case "revision" -> revision = text(p, v);
                    case "complaintId" -> complaintId = text(p, v);
                    case "correlationId" -> correlationId = text(p, v);
                    case "causationId" -> causationId = text(p, v);
                    case "sequence" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        sequence = p.getLongValue();
                    }
                    case "occurredAt" -> occurredAt = v == JsonToken.VALUE_NULL ? null : INSTANT.readValue(p);
                    case "payload" -> {
                        ObjectReader reader = type == null ? null : PAYLOADS.get(type);
                        if (v != JsonToken.START_OBJECT || reader == null) {
                            return null;
                        }
                        payload = reader.readValue(p);
                    }
                    default -> p.skipChildren();
                }
                if (eventId == NOT_TEXT || type == NOT_TEXT || revision == NOT_TEXT || complaintId == NOT_TEXT
                        || correlationId == NOT_TEXT || causationId == NOT_TEXT) {
                    return null;
                }
            }
            if (payload == null) {
                return null;
            }
            return new ComplaintEventEnvelope(eventId, type, revision, complaintId, sequence, occurredAt,
                    correlationId, causationId, payload);
        }
    }

    /**
     * Marks (by identity) a value that is neither a string nor null: the contract's reader turns it into text, this
     * one leaves it to that reader.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NOT_TEXT = new String("not text");

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        return v == JsonToken.VALUE_STRING ? p.getText() : NOT_TEXT;
    }

    /** The checks of {@link ComplaintEventReader#read}; a failure there is reported by it. */
    private static boolean valid(ComplaintEventEnvelope e, String key) {
        return id(e.eventId(), MAX_ID_LENGTH) && id(e.complaintId(), MAX_ID_LENGTH) && id(e.type(), MAX_TYPE_LENGTH)
                && e.sequence() >= 0 && e.occurredAt() != null && e.complaintId().equals(key)
                && e.complaintId().equals(e.payload().complaintId());
    }

    private static boolean id(String value, int maxLength) {
        return value != null && !value.isBlank() && value.length() <= maxLength;
    }
}
