package io.closedloop.analytics.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * How this service consumes {@code complaint.events.v1}.
 *
 * @param retry      back-off for failures that can pass (e.g. the database is away); such a record is retried
 *                   until it succeeds, never skipped
 * @param deadLetter the topic that takes records which are not complaint events
 */
@ConfigurationProperties("closedloop.stream")
public record ComplaintStreamProperties(Retry retry, DeadLetter deadLetter) {

    public ComplaintStreamProperties {
        Objects.requireNonNull(retry, "closedloop.stream.retry is required");
        Objects.requireNonNull(deadLetter, "closedloop.stream.dead-letter is required");
    }

    /**
     * @param maxInterval keep it well below the consumer's {@code max.poll.interval.ms} (5 min by default), or the
     *                    broker takes the partitions away while the listener waits
     */
    public record Retry(Duration initialInterval, double multiplier, Duration maxInterval) {
        public Retry {
            if (initialInterval == null || initialInterval.isNegative() || initialInterval.isZero()
                    || multiplier < 1 || maxInterval == null || maxInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException("closedloop.stream.retry needs initial-interval > 0, "
                        + "multiplier >= 1 and max-interval >= initial-interval");
            }
        }
    }

    public record DeadLetter(int partitions, short replicas) {
        public DeadLetter {
            if (partitions < 1 || replicas < 1) {
                throw new IllegalArgumentException("closedloop.stream.dead-letter needs partitions and replicas >= 1");
            }
        }
    }
}
