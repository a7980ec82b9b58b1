package io.closedloop.sla.keeping;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.sla.clock.ClockKeeper;
import io.closedloop.sla.clock.ComplaintClocks;
import io.closedloop.sla.clock.Effects;
import io.closedloop.sla.clock.TimerRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate transactions;

    ClockKeeping(ClockKeeper keeper, ClockDocuments documents, ClockTimeline timeline, ComplaintCommands commands,
            DeadlineTimers timers, SlaMetrics metrics, Clock clock, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.keeper = keeper;
        this.documents = documents;
        this.timeline = timeline;
        this.commands = commands;
        this.timers = timers;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The stream consumer's decisions for one batch of events, inside the transaction that records them in the
     * inbox. Every command is sent, and taken by the broker ({@link Batch#await()}), before that transaction commits.
     */
    public Batch batch() {
        return new Batch(commands.pending());
    }

    /** One batch of events, in stream order. */
    public final class Batch {
        private final ComplaintCommands.Pending pending;

        private Batch(ComplaintCommands.Pending pending) {
            this.pending = pending;
        }

        /** Decides about one event (recorded for the first time) and records the decision; its commands are sent last. */
        public void onEvent(ComplaintEventEnvelope event) {
            Instant now = clock.instant();
            ComplaintClocks clocks = documents.lock(event.complaintId(), now);
            Effects effects = keeper.onEvent(clocks, event);
            record(clocks, effects, now);
            commands.send(effects.commands(), event.correlationId(), pending);
        }

        public void await() {
            pending.await();
        }
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

    /**
     * After a calendar revision is stored: works out again every open clock whose due time fell in a year the
     * calendar did not cover, one complaint per transaction. Returns how many complaints were looked at.
     */
    public int recalendarAll() {
        int complaints = 0;
        String after = "";
        while (true) {
            List<String> ids = documents.waitingForCalendar(100, after);
            if (ids.isEmpty()) {
                return complaints;
            }
            for (String id : ids) {
                transactions.executeWithoutResult(status -> documents.lockExisting(id).ifPresent(clocks -> {
                    Instant now = clock.instant();
                    carryOut(clocks, keeper.recalendar(clocks, now), null, now);
                }));
                after = id;
                complaints++;
            }
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
