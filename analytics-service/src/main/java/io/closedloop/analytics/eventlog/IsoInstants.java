package io.closedloop.analytics.eventlog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the instants of logged envelopes. Every instant the contract writes has the one form
 * {@code 2026-01-05T01:00:00.123456Z} (ISO-8601 in UTC, as {@link Instant#toString()} gives it), and the JDK's
 * {@code DateTimeFormatter} takes about a microsecond and a dozen objects to read one: a fifth of a rebuild's
 * folding was spent there. That one form is read here field by field; anything else (an offset, a leap second, a
 * number, a year beyond four digits) is read by Jackson's own {@link InstantDeserializer}, so every value reads as
 * it always did.
 */
final class IsoInstants extends StdDeserializer<Instant> {

    private final JsonDeserializer<Instant> standard;

    IsoInstants() {
        this(InstantDeserializer.INSTANT);
    }

    private IsoInstants(JsonDeserializer<Instant> standard) {
        super(Instant.class);
        this.standard = standard;
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            Instant instant = parse(p.getText());
            if (instant != null) {
                return instant;
            }
        }
        return standard.deserialize(p, context);
    }

    /** The instant in {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null if the text is not in exactly that form. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || nanos < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notADate) {
            return null; // e.g. 24:00 or a leap second: the standard reader knows what to make of it
        }
    }

    /** The decimal number in text[from, to), or -1 if a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
