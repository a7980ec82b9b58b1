package io.closedloop.feedback.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.RetryListener;

/**
 * Makes failures on the complaint stream visible: spring-kafka retries and dead-letters quietly, but a partition
 * that waits for the database, or a record sent to the dead-letter topic, is something an operator must see.
 */
class ComplaintStreamFailures implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStreamFailures.class);

    private final String deadLetterTopic;
    private final Counter deadLettered;

    ComplaintStreamFailures(String deadLetterTopic, MeterRegistry meters) {
        this.deadLetterTopic = deadLetterTopic;
        this.deadLettered = Counter.builder("closedloop.events.dead.lettered")
                .description("Records of the complaint stream sent to the dead-letter topic")
                .register(meters);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int deliveryAttempt) {
        if (invalidEvent(exception) == null) {
            log.warn("Attempt {} at {} failed, will retry until it succeeds: {}", deliveryAttempt, position(record),
                    NestedExceptionUtils.getMostSpecificCause(exception).toString());
        }
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception exception) {
        deadLettered.increment();
        RuntimeException invalid = invalidEvent(exception);
        log.warn("Sent {} to {}: {}", position(record), deadLetterTopic,
                invalid != null ? invalid.getMessage() : NestedExceptionUtils.getMostSpecificCause(exception));
    }

    @Override
    public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
        log.error("Could not send {} to {}, will try again", position(record), deadLetterTopic, failure);
    }

    /** Why a record goes to the dead-letter topic, in the words its headers carry. */
    static String reason(Throwable exception) {
        RuntimeException invalid = invalidEvent(exception);
        return invalid != null ? invalid.getMessage()
                : String.valueOf(NestedExceptionUtils.getMostSpecificCause(exception));
    }

    /** The reason a record goes to the dead-letter topic at once, or null for a failure that is retried. */
    private static RuntimeException invalidEvent(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InvalidComplaintEventException || t instanceof UnprocessableComplaintEventException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
