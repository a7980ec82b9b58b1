package io.closedloop.intake.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * Axon's embedded event store, waking its readers (the relay to {@code complaint.events.v1}, the tracking-number
 * projection) when the <em>database</em> transaction that wrote events commits, not when Axon's unit of work does.
 * <p>
 * The embedded store reads new events from PostgreSQL on one thread, which sleeps until either a unit of work that
 * published events commits or {@code fetchDelay} has passed. In intake the unit of work never owns the transaction:
 * a complaint is filed inside a {@code TransactionTemplate} (so that it is durable before we answer), and a poll of
 * commands is one transaction with a savepoint per command. Axon's unit of work joins that transaction, "commits"
 * without committing it, and wakes the reader at once; the reader finds nothing yet (the rows are not visible until
 * the outer commit) and sleeps a whole {@code fetchDelay}. Measured on the one-command platform (2026-11-24): events
 * waited 0.3 to 1.3 s between their commit and the relay, most of the time from accepted to the department topic.
 * Here the wake-up is held back to the outer transaction's commit; with no Spring transaction around the unit of work
 * (Axon's own transaction, already committed), it happens at once, as in Axon.
 * <p>
 * Written here because Axon has no setting for it: the store wakes its reader from the protected
 * {@code afterCommit} hook, which this class defers.
 */
final class WakeReadersOnCommitEventStore extends EmbeddedEventStore {

    WakeReadersOnCommitEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    WakeReadersOnCommitEventStore.super.afterCommit(events);
                }
            });
        } else {
            super.afterCommit(events);
        }
    }
}
