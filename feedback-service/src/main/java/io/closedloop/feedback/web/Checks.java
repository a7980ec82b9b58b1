package io.closedloop.feedback.web;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The limits every request field keeps. Text goes into commands, and intake dead-letters a command with text
 * over 20,000 characters or control characters, so such text is refused here, with the field named.
 */
public final class Checks {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|\\p{Cs}");

    private Checks() {
    }

    /** A complaint id (or another id) as it appears in a path. */
    public static void id(String field, String value, List<FieldError> errors) {
        if (value == null || !ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be 1 to 64 letters, digits or . _ : -"));
        }
    }

    /** Who acts: required, at most 100 characters, recorded on the complaint. */
    public static void actor(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required: every change names who made it"));
        } else {
            text(field, value, 100, errors);
        }
    }

    public static void required(String field, String value, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else {
            text(field, value, max, errors);
        }
    }

    /** Optional text: at most {@code max} characters, no control characters. */
    public static void text(String field, String value, int max, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        } else if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError(field, "contains control characters"));
        }
    }

    public static String strippedOrNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
