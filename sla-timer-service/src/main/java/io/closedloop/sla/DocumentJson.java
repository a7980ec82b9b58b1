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
 * settings, durations as ISO-8601 text, and, unlike the event contract, an unknown field is an error: in a policy
 * an operator wrote, an unknown field is a typo that would otherwise be silently ignored.
 */
public final class DocumentJson {

    private static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DocumentJson() {
    }

    public static ObjectMapper mapper() {
        return STRICT;
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
