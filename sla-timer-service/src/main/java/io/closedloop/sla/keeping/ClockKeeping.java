package io.closedloop.sla.keeping;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.sla.clock.ClockKeeper;
import io.closedloop.sla.clock.ComplaintClocks;
import io.closedloop.sla.clock.Effects;
import io.closedloop.sla.clock.TimerRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carries out the clock keeper's decisions: for one complaint at a time (its row locked), it sends the commands,
 * then saves the clocks, the timeline and the timers in the same database transaction. The commands go first so
 * that nothing is committed that was not sent; a send repeated after a failed commit is harmless (stable command
 * ids). The timers are db-scheduler rows in the same transaction, so a committed decision always has its timers.
 */
@Service
public class ClockKeeping {

    private final ClockKeeper keeper;
    private final ClockDocuments documents;
    private final ClockTimeline timeline;
    private final ComplaintCommands commands;
    private final DeadlineTimers timers;
    private final SlaMetrics metrics;
    private final Clock clock;

    ClockKeeping(ClockKeeper keeper, ClockDocuments documents, ClockTimeline timeline, ComplaintCommands commands,
            DeadlineTimers timers, SlaMetrics metrics, Clock clock) {
        this.keeper = keeper;
        this.documents = documents;
        this.timeline = timeline;
        this.commands = commands;
        this.timers = timers;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Called by the stream consumer inside the transaction that records the events in the inbox, with the events
     * recorded for the first time, in stream order. Every command is sent, and taken by the broker, before this
     * returns and the transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void onEvents(List<ComplaintEventEnvelope> events) {
        ComplaintCommands.Pending pending = commands.pending();
        for (ComplaintEventEnvelope event : events) {
            Instant now = clock.instant();
            ComplaintClocks clocks = documents.lock(event.complaintId(), now);
            Effects effects = keeper.onEvent(clocks, event);
            commands.send(effects.commands(), event.correlationId(), pending);
            record(clocks, effects, now);
        }
        pending.await();
    }

    /** Called when a timer falls due; the caller (db-scheduler) retries it if this throws. */
    @Transactional
    public void onTimer(TimerRequest timer) {
        Instant now = clock.instant();
        metrics.timerFired(timer, now);
        Optional<ComplaintClocks> clocks = documents.lockExisting(timer.complaintId());
        if (clocks.isPresent()) {
            carryOut(clocks.get(), keeper.onTimer(clocks.get(), timer, now), null, now);
        }
    }

    public Optional<ComplaintClocks> clocksOf(String complaintId) {
        return documents.find(complaintId);
    }

    private void carryOut(ComplaintClocks clocks, Effects effects, String correlationId, Instant now) {
        commands.sendAll(effects.commands(), correlationId);
        record(clocks, effects, now);
    }

    private void record(ComplaintClocks clocks, Effects effects, Instant now) {
        documents.save(clocks, now);
        timeline.append(clocks.complaintId(), effects.timeline(), now);
        effects.timers().forEach(timers::schedule);
        metrics.decided(effects);
    }
}
