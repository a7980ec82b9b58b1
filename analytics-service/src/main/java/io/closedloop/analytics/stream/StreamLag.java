package io.closedloop.analytics.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far behind the stream the projections are, for Prometheus: {@code closedloop_analytics_event_lag_seconds} is
 * how long before it was consumed the newest consumed event was recorded (Kafka lag in time), and
 * {@code closedloop_analytics_projection_freshness_seconds} how long ago the projections last took an event in.
 */
@Component
public class StreamLag {

    private final Clock clock;
    private final AtomicReference<Instant> lastOccurredAt = new AtomicReference<>();
    private final AtomicReference<Instant> lastConsumedAt = new AtomicReference<>();
    private volatile double lagSeconds;

    StreamLag(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        Gauge.builder("closedloop.analytics.event.lag", this, l -> l.lagSeconds)
                .description("Seconds between the newest consumed event being recorded and being consumed")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("closedloop.analytics.projection.freshness", this, StreamLag::freshnessSeconds)
                .description("Seconds since the projections last took in an event")
                .baseUnit("seconds")
                .register(meters);
    }

    void consumed(Instant occurredAt) {
        Instant now = clock.instant();
        lastOccurredAt.set(occurredAt);
        lastConsumedAt.set(now);
        lagSeconds = Math.max(0, Duration.between(occurredAt, now).toMillis() / 1000.0);
    }

    /** Seconds between the newest consumed event being recorded and being consumed; 0 before any. */
    public double lagSeconds() {
        return lagSeconds;
    }

    /** Seconds since the projections last took in an event; NaN if they have not since this instance started. */
    public double freshnessSeconds() {
        Instant consumed = lastConsumedAt.get();
        return consumed == null ? Double.NaN : Duration.between(consumed, clock.instant()).toMillis() / 1000.0;
    }
}
