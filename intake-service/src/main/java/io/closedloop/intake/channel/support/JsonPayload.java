package io.closedloop.intake.channel.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the fields of a channel's JSON payload one by one and collects every problem, so the sender hears about all
 * of them at once, each with the field's path ({@code data.author_id}, {@code user.followers_count}). A field
 * that cannot be read comes back as null; {@link #throwIfAny} then refuses the payload.
 */
public final class JsonPayload {

    // C0 and C1 control characters except tab, line feed and carriage return; also unpaired surrogates
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|\\p{Cs}");

    private final JsonNode root;
    private final String prefix;
    private final List<Issue> issues;

    private JsonPayload(JsonNode root, String prefix, List<Issue> issues) {
        this.root = root;
        this.prefix = prefix;
        this.issues = issues;
    }

    /** Reads {@code json}; a body that is not a JSON object is refused at once. */
    public static JsonPayload of(JsonNode json, Lang lang) {
        if (json == null || !json.isObject()) {
            throw ChannelProblem.invalid(List.of(new Issue("$", new Words("应为一个 JSON 对象", "must be a JSON object"))), lang);
        }
        return new JsonPayload(json, "", new ArrayList<>());
    }

    /** The object at {@code field}, read with the same error list; null (and an issue if required) when absent. */
    public JsonPayload object(String field, boolean required) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                issue(field, Words.required());
            }
            return null;
        }
        if (!value.isObject()) {
            issue(field, Words.notObject());
            return null;
        }
        return new JsonPayload(value, path(field) + ".", issues);
    }

    /** A nested payload over any node (e.g. one element of an array) at the given path. */
    public JsonPayload at(JsonNode node, String path) {
        return new JsonPayload(node, path + ".", issues);
    }

    public JsonNode node(String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public boolean has(String field) {
        return node(field) != null;
    }

    /**
     * A string (numbers are taken as their text: platforms send ids as either). Blank counts as absent.
     */
    public String text(String field, boolean required, int max) {
        JsonNode value = node(field);
        if (value == null || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                issue(field, Words.required());
            }
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            issue(field, Words.notText());
            return null;
        }
        String text = value.asText().strip();
        if (text.codePointCount(0, text.length()) > max) {
            issue(field, Words.tooLong(max));
            return null;
        }
        if (CONTROL.matcher(text).find()) {
            issue(field, Words.controlCharacters());
            return null;
        }
        return text;
    }

    /** An ISO-8601 date-time with an offset ({@code 2026-11-23T09:30:00+08:00} or {@code ...Z}). */
    public Instant instant(String field, boolean required) {
        String text = text(field, required, 64);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            issue(field, Words.notTime());
            return null;
        }
    }

    /** A count such as followers: a non-negative whole number, or its digits as a string. */
    public Long count(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().strip().matches("[0-9]{1,18}")) {
            return Long.parseLong(value.asText().strip());
        }
        issue(field, Words.notCount());
        return null;
    }

    public Boolean bool(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            issue(field, Words.notBoolean());
            return null;
        }
        return value.asBoolean();
    }

    /** Records a problem with a field of this object. */
    public void issue(String field, Words words) {
        issues.add(new Issue(path(field), words));
    }

    public boolean hasIssues() {
        return !issues.isEmpty();
    }

    public List<Issue> issues() {
        return List.copyOf(issues);
    }

    /** Refuses the payload with every problem found so far. */
    public void throwIfAny(Lang lang) {
        if (!issues.isEmpty()) {
            throw ChannelProblem.invalid(issues, lang);
        }
    }

    public String path(String field) {
        return prefix + field;
    }
}
