package io.closedloop.sla.keeping;

import io.closedloop.sla.clock.ClockState;
import io.closedloop.sla.clock.Effects;
import io.closedloop.sla.clock.TimelineEntry;
import io.closedloop.sla.clock.TimerRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What operators watch: clocks by state, warnings, escalations and breaches, and how late timers fire (the
 * platform promises a second or two).
 */
@Component
class SlaMetrics {

    /** Counting clocks sums over the complaints with active clocks; a gauge scraped often must not do it each time. */
    private static final Duration COUNT_REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry meters;
    private final ClockDocuments documents;
    private final Clock clock;
    private final Timer lateness;
    private final AtomicReference<Counted> counted = new AtomicReference<>(new Counted(Instant.MIN, Map.of()));

    private record Counted(Instant at, Map<ClockState, Long> byState) {
    }

    SlaMetrics(MeterRegistry meters, ClockDocuments documents, Clock clock) {
        this.meters = meters;
        this.documents = documents;
        this.clock = clock;
        this.lateness = Timer.builder("closedloop.sla.timer.lateness")
                .description("How long after its due time a clock's timer was handled")
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(meters);
        for (ClockState state : List.of(ClockState.RUNNING, ClockState.PAUSED)) {
            Gauge.builder("closedloop.sla.clocks", () -> count(state))
                    .description("Clocks running or paused, over all complaints (met ones: closedloop.sla.clocks.met)")
                    .tag("state", state.name().toLowerCase())
                    .register(meters);
        }
    }

    void timerFired(TimerRequest timer, Instant now) {
        Duration late = Duration.between(timer.at(), now);
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    void decided(Effects effects) {
        for (TimelineEntry line : effects.timeline()) {
            switch (line.kind()) {
                case WARNING_REQUESTED -> counter("closedloop.sla.warnings", "Early warnings asked for", line).increment();
                case ESCALATION_REQUESTED ->
                        counter("closedloop.sla.escalations", "Escalations asked for", line).increment();
                case BREACHED -> counter("closedloop.sla.breaches", "Deadlines the complaint recorded as missed", line)
                        .increment();
                case MET, MET_LATE -> Counter.builder("closedloop.sla.clocks.met")
                        .description("Clocks met, in time or late")
                        .tag("clock", String.valueOf(line.clockId()))
                        .tag("in_time", String.valueOf(line.kind() == TimelineEntry.Kind.MET))
                        .register(meters).increment();
                default -> {
                    // the other lines are for the timeline only
                }
            }
        }
    }

    private Counter counter(String name, String description, TimelineEntry line) {
        return Counter.builder(name).description(description).tag("clock", String.valueOf(line.clockId()))
                .register(meters);
    }

    private double count(ClockState state) {
        Counted current = counted.get();
        Instant now = clock.instant();
        if (current.at().plus(COUNT_REFRESH).isBefore(now)) {
            current = new Counted(now, documents.countActive());
            counted.set(current);
        }
        return current.byState().getOrDefault(state, 0L);
    }
}
