package io.closedloop.sla.clock;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlineWarningRaisedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationDismissedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.sla.clock.TimelineEntry.Kind;
import io.closedloop.sla.policy.ClockDefinition;
import io.closedloop.sla.policy.EscalationStep;
import io.closedloop.sla.policy.Target;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Decides what a complaint's clocks do about one event of its stream, or about one timer falling due. It only
 * decides: it changes the {@link ComplaintClocks} it is given and returns {@link Effects} (commands for the
 * complaint, timers, timeline lines) for the caller to carry out in one transaction. It reads no clock of its own;
 * every time it uses comes from the event or the timer, so a redelivered event reaches the same decision.
 *
 * <p>The keeper decides that a deadline was missed; the complaint records it. A {@code RaiseEscalation} that
 * crosses with a last-second acknowledgement is refused by the complaint, with its reason, so no escalation is
 * ever spurious. Command ids are derived from the event or the clock generation, so sending one again (after a
 * crash between the send and the commit) changes the complaint once.
 */
public final class ClockKeeper {

    public static final String SERVICE = "sla-timer-service";
    /** Every command this service sends has an id with this prefix, so it can recognise the complaint's refusals. */
    static final String COMMAND_ID_PREFIX = "sla-";
    /** Clocks that wait for a resolution: a reopening means the complaint must get there again. */
    private static final Set<String> UNDONE_BY_REOPENING = Set.of(
            ComplaintEvent.typeName(ComplaintResolvedEvent.class),
            ComplaintEvent.typeName(ResultFeedbackSentEvent.class),
            ComplaintEvent.typeName(ComplaintClosedEvent.class));

    /**
     * How far the clocks of intake's and this service's hosts may disagree; intake also takes a channel's
     * {@code receivedAt} up to this far in the future. A satisfying event this much before a clock's start still
     * meets it (the complaint uses the same allowance), and a refusal as "not yet due" is retried after it.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String NO_LONGER_APPLIES = "no longer applies";
    private static final String RESOLUTION = ComplaintEvent.typeName(ComplaintResolvedEvent.class);

    private final ClockRules rules;

    public ClockKeeper(ClockRules rules) {
        this.rules = rules;
    }

    /** What the clocks do about this event; {@code clocks} is changed in place. */
    public Effects onEvent(ComplaintClocks clocks, ComplaintEventEnvelope event) {
        Effects effects = new Effects();
        ComplaintEvent payload = event.payload();
        Instant at = eventTime(event);
        if (payload instanceof ComplaintReceivedEvent received) {
            if (clocks.known()) {
                return effects;
            }
            // The policy and calendar in force when intake recorded the complaint: a redelivery or a replay of the
            // same event chooses the same ones.
            ClockRules.VersionedPolicy policy = rules.policyAt(event.occurredAt());
            clocks.policyVersion = policy.version();
            clocks.calendarVersion = rules.calendarAt(policy.policy().calendar(), event.occurredAt()).version();
            clocks.infoType = received.infoType();
            clocks.receivedAt = received.receivedAt();
        }
        if (!clocks.known()) {
            // only a complaint whose first event this service saw can be timed; the stream is read from its start
            return effects;
        }
        Decision decision = new Decision(clocks, effects, event.eventId(), event.occurredAt());
        String type = event.type();
        if (Deadline.SATISFYING_EVENTS.contains(type)) {
            clocks.seen.computeIfAbsent(type, t -> new ArrayList<>()).add(at);
        }

        if (payload instanceof DepartmentAssignedEvent assigned) {
            clocks.department = assigned.department();
        } else if (payload instanceof ComplaintTransferredEvent transferred) {
            clocks.department = transferred.toDepartment();
        } else if (payload instanceof ComplaintClassifiedEvent classified) {
            decision.classified(classified, at);
        } else if (payload instanceof ExtensionPromisedEvent promised) {
            decision.promised(promised, at);
        } else if (payload instanceof DeadlinesSetEvent set) {
            for (Deadline d : set.deadlines()) {
                decision.line(d.clockId(), Kind.RECORDED_ON_COMPLAINT, at, "due " + d.dueAt()
                        + (d.warnAt() == null ? "" : ", warning at " + d.warnAt()) + " (" + d.policyVersion() + ", "
                        + d.calendarVersion() + ")");
            }
        } else if (payload instanceof DeadlineWarningRaisedEvent warned) {
            decision.line(warned.clockId(), Kind.WARNED, at, "due " + warned.dueAt());
        } else if (payload instanceof EscalationRaisedEvent escalated) {
            decision.line(escalated.clockId(), Kind.ESCALATED, at,
                    "level " + escalated.level() + " to " + escalated.escalatedTo() + ", was due " + escalated.dueAt());
            TrackedClock clock = clocks.clock(escalated.clockId());
            if (clock != null && !clock.breached) {
                // the deadline is missed as the complaint records it: a department is counted once per clock start,
                // however many rungs follow and however often the deadline moves afterwards
                clock.breached = true;
                decision.line(escalated.clockId(), Kind.BREACHED, at, "was due " + escalated.dueAt());
            }
        } else if (payload instanceof EscalationDismissedEvent dismissed) {
            decision.line(dismissed.clockId(), Kind.ESCALATION_DISMISSED, at,
                    "level " + dismissed.level() + ": " + dismissed.reason());
            decision.dismissed(dismissed, at);
        } else if (payload instanceof CommandRejectedEvent rejected
                && rejected.commandId() != null && rejected.commandId().startsWith(COMMAND_ID_PREFIX)) {
            decision.line(null, Kind.REFUSED_BY_COMPLAINT, at, rejected.commandType() + ": " + rejected.reason());
        }

        decision.satisfy(type, at);
        if (payload instanceof ComplaintClosedEvent || payload instanceof ComplaintWithdrawnEvent) {
            clocks.open = false;
            decision.stopAll(payload instanceof ComplaintClosedEvent ? "the complaint was closed"
                    : "the complaint was withdrawn", at);
        } else if (payload instanceof ComplaintReopenedEvent) {
            clocks.open = true;
            decision.stopWaitingForResolution(at);
        }
        decision.pauseOrResume(type, at);
        decision.start(type, at);
        decision.sendChangedDeadlines();
        return effects;
    }

    /** What the clock does when one of its timers falls due at {@code now}. */
    public Effects onTimer(ComplaintClocks clocks, TimerRequest timer, Instant now) {
        Effects effects = new Effects();
        TrackedClock clock = clocks.known() ? clocks.clock(timer.clockId()) : null;
        if (clock == null || clock.generation != timer.generation() || !clocks.open) {
            return effects;
        }
        Decision decision = new Decision(clocks, effects, null, now);
        ClockDefinition definition = decision.definition(clock.clockId);
        boolean lateTimerOfALateMeet = rungFellDueBeforeItWasMetLate(clock, timer, definition);
        if (clock.state != ClockState.RUNNING && !lateTimerOfALateMeet) {
            return effects;
        }
        Actor actor = decision.actor();
        if (timer.action() == TimerRequest.Action.WARN) {
            if (clock.warned || clock.warnAt == null) {
                return effects;
            }
            if (now.isBefore(clock.warnAt)) {
                decision.timer(clock, TimerRequest.Action.WARN, 0, clock.warnAt);
                return effects;
            }
            clock.warned = true;
            if (!now.isBefore(clock.dueAt)) {
                // a warning that fires late (the service was down) after the deadline: the escalation says more
                return effects;
            }
            effects.command(new RaiseDeadlineWarningCommand(commandId(clock, "warn"), clocks.complaintId,
                    clock.clockId, clock.dueAt, actor));
            decision.line(clock.clockId, Kind.WARNING_REQUESTED, now, "due " + clock.dueAt);
            return effects;
        }
        EscalationStep step = definition == null ? null : definition.step(timer.level());
        if (step == null || timer.level() <= clock.escalationLevel) {
            return effects;
        }
        Instant escalateAt = clock.dueAt.plus(step.after());
        if (now.isBefore(escalateAt)) {
            // set for a moment that has since moved: wait for the right one
            decision.timer(clock, TimerRequest.Action.ESCALATE, step.level(), escalateAt);
            return effects;
        }
        clock.escalationLevel = timer.level();
        effects.command(new RaiseEscalationCommand(commandId(clock, "escalate-" + step.level()), clocks.complaintId,
                clock.clockId, step.level(), clock.dueAt, step.escalateTo(), actor));
        decision.line(clock.clockId, Kind.ESCALATION_REQUESTED, now,
                "level " + step.level() + " to " + step.escalateTo() + ", was due " + clock.dueAt
                        + (lateTimerOfALateMeet ? "; this level fell due before the clock was met at " + clock.metAt : ""));
        if (clock.state == ClockState.RUNNING) {
            decision.scheduleNextEscalation(clock, definition);
        } else if (lateTimerOfALateMeet) {
            // the next rung may also have fallen due before the late meet: it goes out too (its timer fires at once).
            // Found by the fault suite: with the broker away for minutes, level 1 went out late after the meet and
            // level 2, due before the meet as well, was never scheduled, so never raised.
            EscalationStep next = definition.step(clock.escalationLevel + 1);
            if (next != null && clock.metAt.isAfter(clock.dueAt.plus(next.after()))) {
                decision.scheduleNextEscalation(clock, definition);
            }
        }
        return effects;
    }

    /**
     * A rung that fell due before its clock was met (late) still goes out when its timer fires only after the meet:
     * the timer was late (its instance died, the machine was busy), the rung was not unnecessary, and the complaint
     * takes escalations of a clock met late. Found by the scale-out check: a level-2 escalation due 2 s before a late
     * acknowledgement was never raised because its timer fired after it.
     */
    private static boolean rungFellDueBeforeItWasMetLate(TrackedClock clock, TimerRequest timer,
                                                         ClockDefinition definition) {
        if (timer.action() != TimerRequest.Action.ESCALATE || clock.state != ClockState.MET || clock.metAt == null
                || definition == null) {
            return false;
        }
        EscalationStep step = definition.step(timer.level());
        return step != null && clock.metAt.isAfter(clock.dueAt.plus(step.after()));
    }

    /**
     * A newer revision of the calendar now covers the year a clock's due time fell in, which its first computation
     * could only count as weekends-only: work such clocks out again. Typically next year's holiday notice, stored
     * in November, for complaints whose 15 working days run into January.
     */
    public Effects recalendar(ComplaintClocks clocks, Instant now) {
        Effects effects = new Effects();
        if (!clocks.known() || !clocks.open) {
            return effects;
        }
        Decision decision = new Decision(clocks, effects, "recalendar-" + now.toEpochMilli(), now);
        decision.recalendar(now);
        decision.sendChangedDeadlines();
        return effects;
    }

    private static String commandId(TrackedClock clock, String what) {
        return COMMAND_ID_PREFIX + clock.clockId + "-g" + clock.generation + "-" + what;
    }

    /**
     * The time a fact happened as the complaint records it: the customer's own time for the first event, and the
     * time the complaint recorded for the others (what the complaint compares deadlines with).
     */
    static Instant eventTime(ComplaintEventEnvelope event) {
        ComplaintEvent payload = event.payload();
        Instant own = null;
        if (payload instanceof ComplaintReceivedEvent e) {
            own = e.receivedAt();
        } else if (payload instanceof DepartmentAssignedEvent e) {
            own = e.assignedAt();
        } else if (payload instanceof ComplaintAcknowledgedEvent e) {
            own = e.acknowledgedAt();
        } else if (payload instanceof ComplaintResolvedEvent e) {
            own = e.resolvedAt();
        } else if (payload instanceof ResultFeedbackSentEvent e) {
            own = e.sentAt();
        } else if (payload instanceof ComplaintClosedEvent e) {
            own = e.closedAt();
        } else if (payload instanceof CustomerInformationRequestedEvent e) {
            own = e.requestedAt();
        } else if (payload instanceof CustomerRepliedEvent e) {
            own = e.repliedAt();
        }
        return own != null ? own : event.occurredAt();
    }

    /** One decision about one complaint: the policy and calendar it recorded, and what has changed so far. */
    private final class Decision {
        private final ComplaintClocks clocks;
        private final Effects effects;
        private final String eventId;
        private final ClockRules.VersionedPolicy policy;
        private final Instant decidedAt;
        /** looked up when a due time is worked out (a timer that only escalates needs none) */
        private BusinessCalendar calendar;
        private final List<TrackedClock> changed = new ArrayList<>();

        Decision(ComplaintClocks clocks, Effects effects, String eventId, Instant decidedAt) {
            this.clocks = clocks;
            this.effects = effects;
            this.eventId = eventId;
            this.policy = rules.policy(clocks.policyVersion);
            this.decidedAt = decidedAt;
        }

        /**
         * The newest revision of the calendar stored when the deciding event was recorded (a correction or a newly
         * published year applies from then on); each deadline sent names the revision it was counted in.
         */
        private BusinessCalendar calendar() {
            if (calendar == null) {
                calendar = rules.calendarAt(policy.policy().calendar(), decidedAt);
            }
            return calendar;
        }

        ClockDefinition definition(String clockId) {
            return policy.policy().clocks().stream().filter(d -> d.clockId().equals(clockId)).findFirst()
                    .orElse(null);
        }

        Actor actor() {
            return Actor.service(SERVICE, policy.version());
        }

        void line(String clockId, Kind kind, Instant at, String detail) {
            TrackedClock clock = clockId == null ? null : clocks.clock(clockId);
            effects.line(new TimelineEntry(clockId, clock == null ? 0 : clock.generation, kind, at, detail,
                    clocks.department));
        }

        /** Meets every active clock that waits for this event type. */
        void satisfy(String type, Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                if (!clock.state.active() || !type.equals(clock.satisfiedBy)) {
                    continue;
                }
                Instant due = clock.state == ClockState.PAUSED ? dueIfResumedAt(clock, at) : clock.dueAt;
                clock.state = ClockState.MET;
                clock.metAt = at;
                clock.metInTime = !at.isAfter(due);
                if (clock.promisedEta != null) {
                    clock.promiseKept = !at.isAfter(clock.promisedEta);
                }
                line(clock.clockId, clock.metInTime ? Kind.MET : Kind.MET_LATE, at, "by " + type + ", due "
                        + due + (clock.promiseKept == null ? ""
                        : clock.promiseKept ? "; the promise to the customer was kept"
                        : "; the promise to the customer (" + clock.promisedEta + ") was broken"));
            }
        }

        void stopAll(String reason, Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                if (clock.state.active()) {
                    stop(clock, reason, at);
                }
            }
        }

        void stopWaitingForResolution(Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                if (clock.state.active() && UNDONE_BY_REOPENING.contains(clock.satisfiedBy)) {
                    stop(clock, "the complaint was reopened and must be resolved again", at);
                }
            }
        }

        private void stop(TrackedClock clock, String reason, Instant at) {
            clock.state = ClockState.STOPPED;
            clock.stoppedReason = reason;
            line(clock.clockId, Kind.STOPPED, at, reason);
        }

        void pauseOrResume(String type, Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                ClockDefinition definition = definition(clock.clockId);
                if (definition == null) {
                    continue;
                }
                if (clock.state == ClockState.RUNNING && definition.pausedBy().contains(type)) {
                    clock.state = ClockState.PAUSED;
                    clock.pausedAt = at;
                    line(clock.clockId, Kind.PAUSED, at, "by " + type);
                } else if (clock.state == ClockState.PAUSED && definition.resumedBy().contains(type)) {
                    resume(clock, definition, type, at);
                }
            }
        }

        private void resume(TrackedClock clock, ClockDefinition definition, String type, Instant at) {
            clock.state = ClockState.RUNNING;
            Instant pausedAt = clock.pausedAt;
            clock.pausedAt = null;
            if (!definition.pauseExtendsDeadline()) {
                line(clock.clockId, Kind.RESUMED, at, "by " + type + "; still due " + clock.dueAt);
                // what fell due while paused was held back: it is raised now
                schedule(clock, definition, at);
                return;
            }
            Duration paused = pausedLength(clock, pausedAt, at);
            clock.shift = clock.shift.plus(paused);
            nextGeneration(clock);
            renew(clock, definition);
            line(clock.clockId, Kind.RESUMED, at, "by " + type + " after " + paused
                    + (clock.inBusinessTime ? " of working time" : "") + "; now due " + clock.dueAt);
            schedule(clock, definition, at);
        }

        private Duration pausedLength(TrackedClock clock, Instant from, Instant to) {
            return clock.inBusinessTime ? calendar().workingTimeBetween(from, to) : Duration.between(from, to);
        }

        /** When a paused clock that is resumed at {@code at} would fall due (its due time if pauses do not extend it). */
        private Instant dueIfResumedAt(TrackedClock clock, Instant at) {
            ClockDefinition definition = definition(clock.clockId);
            if (definition == null || !definition.pauseExtendsDeadline() || clock.pausedAt == null) {
                return clock.dueAt;
            }
            Duration paused = pausedLength(clock, clock.pausedAt, at);
            return clock.inBusinessTime ? calendar().plusWorkingTime(clock.dueAt, paused) : clock.dueAt.plus(paused);
        }

        /** Starts the clocks this event type starts, unless they are already running. */
        void start(String type, Instant at) {
            if (!clocks.open) {
                return;
            }
            for (ClockDefinition definition : policy.policy().clocks()) {
                if (definition.startOn().contains(type) && definition.appliesTo(clocks.infoType)) {
                    startClock(definition, at);
                }
            }
        }

        private void startClock(ClockDefinition definition, Instant at) {
            TrackedClock previous = clocks.clock(definition.clockId());
            if (previous != null && previous.state.active()) {
                return;
            }
            TrackedClock clock = new TrackedClock();
            clock.clockId = definition.clockId();
            clock.generation = previous == null ? 1 : previous.generation + 1;
            clock.satisfiedBy = definition.satisfiedBy();
            clock.state = ClockState.RUNNING;
            clock.startedAt = at;
            clock.spanFrom = at;
            Target target = definition.targetFor(clocks.severity);
            clock.target = target.toString();
            clock.inBusinessTime = target.inBusinessTime();
            clock.baseDueAt = due(target, at);
            clocks.clocks.put(clock.clockId, clock);
            renew(clock, definition);
            line(clock.clockId, Kind.STARTED, at, "due " + clock.dueAt + " (" + clock.target + ")"
                    + (clock.warnAt == null ? "" : ", warning at " + clock.warnAt) + "; " + policy.version()
                    + ", " + calendar().version() + (clock.calendarGap
                    ? "; the calendar has no holiday notice for that year yet: weekends only until one is stored" : ""));
            Instant alreadyMet = clocks.seen.getOrDefault(clock.satisfiedBy, List.of()).stream()
                    .filter(seenAt -> !seenAt.isBefore(at.minus(CLOCK_SKEW)))
                    .min(Comparator.naturalOrder())
                    .orElse(null);
            if (alreadyMet != null) {
                // started after the fact (a new classification counts from receipt): what already happened meets it
                clock.state = ClockState.MET;
                clock.metAt = alreadyMet;
                clock.metInTime = !alreadyMet.isAfter(clock.dueAt);
                line(clock.clockId, clock.metInTime ? Kind.MET : Kind.MET_LATE, alreadyMet,
                        "by " + clock.satisfiedBy + " before the clock started, due " + clock.dueAt);
                changed.remove(clock);
                return;
            }
            schedule(clock, definition, at);
        }

        /** A new classification may change which clocks apply and how long they run. */
        void classified(ComplaintClassifiedEvent classified, Instant at) {
            if (classified.infoType() != null) {
                clocks.infoType = classified.infoType();
            }
            if (classified.severity() != null && !classified.severity().isBlank()) {
                clocks.severity = classified.severity();
            }
            for (ClockDefinition definition : policy.policy().clocks()) {
                TrackedClock clock = clocks.clock(definition.clockId());
                boolean applies = definition.appliesTo(clocks.infoType);
                if (!applies) {
                    if (clock != null && clock.state.active()) {
                        stop(clock, NO_LONGER_APPLIES + ": the complaint is now classified as "
                                + clocks.infoType.code(), at);
                    }
                    continue;
                }
                if (clock == null) {
                    // a clock the first information type did not call for, started where it would have started
                    if (clocks.open && definition.startOn().contains(ComplaintEvent.typeName(ComplaintReceivedEvent.class))) {
                        startClock(definition, clocks.receivedAt);
                    }
                    continue;
                }
                if (clock.state == ClockState.STOPPED && clock.stoppedReason != null
                        && clock.stoppedReason.startsWith(NO_LONGER_APPLIES) && clocks.open) {
                    // classified back (a person corrected the model): the clock runs again from where it started
                    startClock(definition, clock.startedAt);
                    continue;
                }
                if (!clock.state.active() || clock.promisedEta != null) {
                    // a promise made to the customer stands until it is kept or broken
                    continue;
                }
                Target target = definition.targetFor(clocks.severity);
                Instant baseDue = due(target, clock.startedAt);
                if (!baseDue.equals(clock.baseDueAt)) {
                    clock.baseDueAt = baseDue;
                    clock.target = target.toString();
                    clock.inBusinessTime = target.inBusinessTime();
                    nextGeneration(clock);
                    renew(clock, definition);
                    line(clock.clockId, Kind.RETARGETED, at, "severity " + clocks.severity + ": " + clock.target
                            + ", now due " + clock.dueAt);
                    schedule(clock, definition, at);
                }
            }
        }

        /** The department told the customer when to expect the result: the clock follows the promise. */
        void promised(ExtensionPromisedEvent promised, Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                // a promise that names no clock is about the result the customer waits for: the resolution
                boolean concerned = promised.clockId() != null ? promised.clockId().equals(clock.clockId)
                        : RESOLUTION.equals(clock.satisfiedBy);
                if (!clock.state.active() || !concerned) {
                    continue;
                }
                ClockDefinition definition = definition(clock.clockId);
                if (definition == null) {
                    continue;
                }
                clock.promisedEta = promised.newEta();
                clock.promiseReason = promised.reason();
                clock.baseDueAt = promised.newEta();
                clock.shift = Duration.ZERO;
                clock.spanFrom = at;
                if (clock.state == ClockState.PAUSED) {
                    // the promise already allows for the wait so far: only waiting after it moves the deadline
                    clock.pausedAt = at;
                }
                clock.target = "promised " + promised.newEta();
                nextGeneration(clock);
                renew(clock, definition);
                line(clock.clockId, Kind.EXTENDED, at, "promised " + promised.newEta() + ": " + promised.reason());
                if (clock.state == ClockState.RUNNING) {
                    schedule(clock, definition, at);
                }
            }
        }

        private void nextGeneration(TrackedClock clock) {
            // the complaint starts a clock set again afresh: no warning or escalation carries over
            clock.generation++;
            clock.warned = false;
            clock.escalationLevel = 0;
        }

        /** Works out the due time and the warning point from the base, the shift and the span, and marks it sent. */
        private void renew(TrackedClock clock, ClockDefinition definition) {
            clock.dueAt = clock.shift.isZero() ? clock.baseDueAt
                    : clock.inBusinessTime ? calendar().plusWorkingTime(clock.baseDueAt, clock.shift)
                    : clock.baseDueAt.plus(clock.shift);
            clock.warnAt = warnPoint(clock, definition.warnAtFraction());
            clock.calendarGap = clock.inBusinessTime
                    && !calendar().covers(clock.dueAt.atZone(calendar().zone()).toLocalDate());
            clocks.calendarVersion = calendar().version();
            if (!changed.contains(clock)) {
                changed.add(clock);
            }
        }

        private Instant warnPoint(TrackedClock clock, Double fraction) {
            if (fraction == null || !clock.dueAt.isAfter(clock.spanFrom)) {
                return null;
            }
            if (!clock.inBusinessTime) {
                return clock.spanFrom.plus(scaled(Duration.between(clock.spanFrom, clock.dueAt), fraction));
            }
            try {
                Duration span = calendar().workingTimeBetween(clock.spanFrom, clock.dueAt);
                return span.isZero() ? null : calendar().plusWorkingTime(clock.spanFrom, scaled(span, fraction));
            } catch (IllegalArgumentException beyondTheCalendar) {
                // a promise years away: the calendar will not count that far, and a warning is no use there
                return null;
            }
        }

        private Instant due(Target target, Instant from) {
            if (target.elapsed() != null) {
                return from.plus(target.elapsed());
            }
            if (target.workingTime() != null) {
                return calendar().plusWorkingTime(from, target.workingTime());
            }
            return calendar().endOfWorkingDays(from, target.workingDays());
        }

        /** Timers for what is still to come in this generation; anything already past is raised at once. */
        private void schedule(TrackedClock clock, ClockDefinition definition, Instant now) {
            if (clock.warnAt != null && !clock.warned) {
                timer(clock, TimerRequest.Action.WARN, 0, latest(clock.warnAt, now));
            }
            scheduleNextEscalation(clock, definition);
        }

        void scheduleNextEscalation(TrackedClock clock, ClockDefinition definition) {
            EscalationStep next = definition.step(clock.escalationLevel + 1);
            if (next != null) {
                timer(clock, TimerRequest.Action.ESCALATE, next.level(), clock.dueAt.plus(next.after()));
            }
        }

        void timer(TrackedClock clock, TimerRequest.Action action, int level, Instant at) {
            effects.timer(new TimerRequest(clocks.complaintId, clock.clockId, clock.generation, action, level, at));
        }

        /**
         * The complaint refused an escalation as not yet due: its host's clock is behind this one's. The level was
         * not reached; ask again once the complaint's clock has caught up, within the skew allowed.
         */
        void dismissed(EscalationDismissedEvent dismissed, Instant at) {
            TrackedClock clock = clocks.clock(dismissed.clockId());
            ClockDefinition definition = clock == null ? null : definition(clock.clockId);
            if (definition == null || clock.state != ClockState.RUNNING || clock.escalationLevel != dismissed.level()
                    || dismissed.reason() == null || !dismissed.reason().contains("is not due until")) {
                return;
            }
            EscalationStep step = definition.step(dismissed.level());
            if (step == null) {
                return;
            }
            clock.escalationLevel = dismissed.level() - 1;
            Instant again = latest(clock.dueAt.plus(step.after()), at).plusSeconds(1);
            if (again.isAfter(clock.dueAt.plus(step.after()).plus(CLOCK_SKEW))) {
                return;
            }
            timer(clock, TimerRequest.Action.ESCALATE, step.level(), again);
        }

        /** Works out again every running clock whose due time fell in a year the calendar did not cover then. */
        void recalendar(Instant at) {
            for (TrackedClock clock : clocks.clocks.values()) {
                ClockDefinition definition = definition(clock.clockId);
                if (definition == null || !clock.state.active() || !clock.calendarGap || clock.promisedEta != null) {
                    continue;
                }
                Instant before = clock.dueAt;
                Instant baseDue = due(definition.targetFor(clocks.severity), clock.startedAt);
                if (!calendar().covers(baseDue.atZone(calendar().zone()).toLocalDate())) {
                    continue;
                }
                clock.baseDueAt = baseDue;
                nextGeneration(clock);
                renew(clock, definition);
                line(clock.clockId, Kind.RETARGETED, at, "calendar " + calendar().version() + ": due " + clock.dueAt
                        + " (was " + before + ")");
                if (clock.state == ClockState.RUNNING) {
                    schedule(clock, definition, at);
                }
            }
        }

        /** One {@code SetDeadlines} for every clock this event started or moved. */
        void sendChangedDeadlines() {
            List<Deadline> deadlines = changed.stream()
                    .filter(c -> c.state.active())
                    .map(c -> new Deadline(c.clockId, c.satisfiedBy, c.startedAt, c.warnAt, c.dueAt,
                            clocks.calendarVersion, clocks.policyVersion))
                    .toList();
            if (!deadlines.isEmpty()) {
                effects.command(new SetDeadlinesCommand(COMMAND_ID_PREFIX + eventId, clocks.complaintId, deadlines,
                        actor()));
            }
        }
    }

    private static Duration scaled(Duration span, double fraction) {
        return Duration.ofMillis(Math.round(span.toMillis() * fraction));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
