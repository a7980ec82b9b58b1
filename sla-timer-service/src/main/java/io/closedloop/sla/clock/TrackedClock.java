package io.closedloop.sla.clock;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.time.Duration;
import java.time.Instant;

/**
 * One clock on one complaint as this service keeps it. Every change to what is due (a restart, a new target after
 * classification, a resume that extends it, a promise to the customer, a corrected calendar) starts a new
 * {@code generation}: timers and command ids carry it, so a timer set for an earlier generation does nothing when
 * it fires, and the complaint, which starts a clock set again afresh, agrees on where its ladder stands.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class TrackedClock {

    String clockId;
    int generation;
    String satisfiedBy;
    /** the target as an operator reads it, e.g. {@code 5 working days} */
    String target;
    boolean inBusinessTime;
    Instant startedAt;
    /** the deadline before pauses moved it: from the target, or the time promised to the customer */
    Instant baseDueAt;
    /** time spent paused that moves the deadline out, in the clock's own kind of time */
    Duration shift = Duration.ZERO;
    /** from when the early warning's share of the span is counted (the start, or when a promise was made) */
    Instant spanFrom;
    Instant warnAt;
    Instant dueAt;
    ClockState state;
    Instant pausedAt;
    Instant promisedEta;
    String promiseReason;
    Boolean promiseKept;
    Instant metAt;
    Boolean metInTime;
    String stoppedReason;
    boolean warned;
    /** the highest escalation level this service asked for in this generation */
    int escalationLevel;
    /** whether the complaint recorded this clock as missed since it (re)started: a department is counted once */
    boolean breached;
    /** the due time fell in a year the calendar had no holiday notice for: recomputed when one is stored */
    boolean calendarGap;

    TrackedClock() {
        // for Jackson
    }

    public String clockId() {
        return clockId;
    }

    public int generation() {
        return generation;
    }

    public ClockState state() {
        return state;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant warnAt() {
        return warnAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant metAt() {
        return metAt;
    }

    public Boolean metInTime() {
        return metInTime;
    }

    public Instant promisedEta() {
        return promisedEta;
    }

    public Boolean promiseKept() {
        return promiseKept;
    }

    public String target() {
        return target;
    }

    public int escalationLevel() {
        return escalationLevel;
    }

    public String stoppedReason() {
        return stoppedReason;
    }

    public String satisfiedBy() {
        return satisfiedBy;
    }

    public boolean calendarGap() {
        return calendarGap;
    }
}
