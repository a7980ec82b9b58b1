package io.closedloop.ops.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A dead-lettered record as spring-kafka's {@code DeadLetterPublishingRecoverer} writes it: the original key, value
 * and headers byte for byte, plus {@code kafka_dlt-*} headers saying where it came from and why it failed
 * (names from spring-kafka's {@code KafkaHeaders.DLT_*}; partition, offset and timestamp are big-endian binary numbers,
 * the rest UTF-8 text; see docs/asyncapi.yaml, DeadLetterHeaders).
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value,
        List<Header> headers) {

    static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), List.copyOf(headers));
    }

    /** {@code topic-partition@offset}, the way the services name a record in their messages. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }

    /** The topic the record failed on; without the header, the dead-letter topic's name without {@code .dlt}. */
    public String originalTopic() {
        return text(ORIGINAL_TOPIC).orElseGet(() -> topic.endsWith(".dlt")
                ? topic.substring(0, topic.length() - ".dlt".length()) : null);
    }

    public Optional<Integer> originalPartition() {
        return last(ORIGINAL_PARTITION).map(v -> v.length == Integer.BYTES ? ByteBuffer.wrap(v).getInt()
                : Integer.parseInt(new String(v, StandardCharsets.UTF_8).trim()));
    }

    public Optional<Long> originalOffset() {
        return last(ORIGINAL_OFFSET).map(v -> v.length == Long.BYTES ? ByteBuffer.wrap(v).getLong()
                : Long.parseLong(new String(v, StandardCharsets.UTF_8).trim()));
    }

    public Optional<Instant> originalTimestamp() {
        return last(ORIGINAL_TIMESTAMP).filter(v -> v.length == Long.BYTES)
                .map(v -> Instant.ofEpochMilli(ByteBuffer.wrap(v).getLong()));
    }

    /** {@code topic-partition@offset} of the original record, as the services' parked complaints name it. */
    public String originalCoordinates() {
        return originalTopic() + "-" + originalPartition().map(String::valueOf).orElse("?") + "@"
                + originalOffset().map(String::valueOf).orElse("?");
    }

    public Optional<String> consumerGroup() {
        return text(ORIGINAL_CONSUMER_GROUP);
    }

    /** The class of the exception the listener threw (the cause), else of the one the error handler got. */
    public Optional<String> exceptionClass() {
        return text(EXCEPTION_CAUSE_FQCN).or(() -> text(EXCEPTION_FQCN));
    }

    public Optional<String> exceptionMessage() {
        return text(EXCEPTION_MESSAGE);
    }

    /**
     * The message without spring-kafka's wrapper: for a listener failure the header reads
     * {@code Listener method '...' threw exception; <the listener's own message>}, and the part after the wrapper is
     * the reason.
     */
    public Optional<String> reason() {
        return exceptionMessage().map(m -> {
            int wrapper = m.startsWith("Listener method") ? m.indexOf("threw exception; ") : -1;
            return wrapper < 0 ? m : m.substring(wrapper + "threw exception; ".length());
        });
    }

    public Optional<String> stackTrace() {
        return text(EXCEPTION_STACKTRACE);
    }

    /** The record's own headers, as they were on the original topic (without the {@code kafka_dlt-*} ones). */
    public List<Header> originalHeaders() {
        return headers.stream().filter(h -> !h.key().startsWith(DLT_HEADER_PREFIX)).toList();
    }

    /** The key as text (it is UTF-8 on every topic of the platform), or base64 if it is not. */
    public String keyText() {
        return key == null ? null : Payloads.text(key).orElseGet(() -> "base64:" + Base64.getEncoder().encodeToString(key));
    }

    public Optional<String> text(String header) {
        return last(header).map(v -> Payloads.text(v).orElseGet(() -> Base64.getEncoder().encodeToString(v)));
    }

    private Optional<byte[]> last(String header) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(header)) {
                return Optional.ofNullable(headers.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** Bytes as text when they are valid UTF-8. */
    public static final class Payloads {
        private Payloads() {
        }

        public static Optional<String> text(byte[] bytes) {
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
    }
}
