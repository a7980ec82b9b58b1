package io.closedloop.intake.intake;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns Jackson's complaints about a JSON value into a field path and a reason a channel developer can act on. */
public final class JsonFieldErrors {

    /**
     * How much of a value a reason quotes. Enough to recognise it; a reason that quoted a huge value whole became
     * a dead letter too large to send (issue 10) and an error response as large as the request.
     */
    static final int MAX_QUOTED = 100;

    private JsonFieldErrors() {
    }

    /** The error, with its field path prefixed by {@code parent} (e.g. {@code complainant.phone}). */
    public static FieldError of(String parent, JsonMappingException e) {
        String path = path(e);
        String field = parent == null || parent.isEmpty() ? path
                : path.isEmpty() ? parent
                : path.startsWith("[") ? parent + path : parent + "." + path;
        return new FieldError(field.isEmpty() ? "$" : field, reason(e));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            if (target != null && target.isEnum()) {
                String allowed = Arrays.stream(target.getEnumConstants())
                        .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
                return quote(format.getValue()) + " is not one of: " + allowed;
            }
            if (target != null && Temporal.class.isAssignableFrom(target)) {
                return quote(format.getValue())
                        + " is not an ISO-8601 date-time with offset, e.g. 2026-10-01T09:30:00+08:00";
            }
            return quote(format.getValue()) + " is not a valid " + (target == null ? "value" : target.getSimpleName());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    /** The value in quotes, its start only if it is long (never half a surrogate pair). */
    static String quote(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_QUOTED) {
            return "'" + text + "'";
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
        return "'" + text.substring(0, end) + "…' (" + text.codePointCount(0, text.length()) + " characters)";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object (" + type.getSimpleName() + ")";
    }
}
