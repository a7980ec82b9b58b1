package io.closedloop.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.json.ContractJson;

import java.io.UncheckedIOException;

/**
 * JSON for the documents this service keeps and accepts (clock state, policies, calendars): the contract's
 * settings and durations as ISO-8601 text. In what an operator writes (a policy, a calendar) an unknown field is an
 * error, a typo that would otherwise be silently ignored; what the service stored itself is read tolerantly.
 */
public final class DocumentJson {

    private static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /**
     * For what this service wrote itself (clock state, timer data): a field a later version no longer has must not
     * make every stored document unreadable.
     */
    private static final ObjectMapper STORED = ContractJson.configure(JsonMapper.builder().build())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DocumentJson() {
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** For documents this service stored itself: tolerant of fields it no longer knows. */
    public static ObjectMapper stored() {
        return STORED;
    }

    public static <T> T readStored(String json, Class<T> type) {
        try {
            return STORED.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object document) {
        try {
            return STRICT.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return STRICT.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
