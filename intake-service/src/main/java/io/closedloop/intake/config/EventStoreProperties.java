package io.closedloop.intake.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the event store's readers (the relay to {@code complaint.events.v1}, the tracking-number projection) wait
 * for an event whose global index was taken by a transaction that has not committed yet: a <em>gap</em>.
 * <p>
 * A global index comes from a database sequence when the event is inserted, so a reader routinely sees index
 * {@code n+1} committed while {@code n} is still in a transaction that will commit later. Axon's JDBC engine remembers
 * such gaps and asks for them again, but gives up on them by two rules, and an event committed after its reader gave
 * up is <b>never relayed</b> (found by the bench on 2026-11-24: 46 accepted complaints stored but never on the topic,
 * docs/benchmarks.md):
 * <ul>
 * <li>when the reader meets an event whose own timestamp (set before its commit) is older than {@code gapTimeout}, it
 *     drops every gap below it. Axon's default, one minute, is passed whenever the relay runs a minute behind, which
 *     a loaded two-core machine did;</li>
 * <li>a gap more than {@code maxGapOffset} indexes below the newest event is dropped (default 10,000: seconds of
 *     events at the platform's intended rate).</li>
 * </ul>
 * Dropping is safe only once every transaction that could fill the gap has ended. intake bounds its transactions
 * ({@code spring.transaction.default-timeout}, checked at every statement through Spring's JDBC templates, and small
 * consumer batches), so a gap older than twice that bound plus the clock difference between instances is a rolled-back
 * transaction's, never a slow one's. {@link AxonConfig} refuses to start when {@code gapTimeout} is shorter.
 *
 * @param gapTimeout   how old an event must be before the gaps below it are given up
 * @param maxGapOffset how far below the newest event a gap is still waited for
 * @param clockSkew    the largest difference expected between the clocks of intake's instances (events carry their
 *                     writer's time; the reader compares it with its own)
 * @param pollInterval how often the readers look for new events they were not woken for. Events this instance
 *                     commits wake them at once ({@link WakeReadersOnCommitEventStore}); those written by another
 *                     intake instance are found by this poll, so it is what they wait at most before the relay
 *                     (Axon's default: 1 s). Each poll is one indexed query.
 */
@ConfigurationProperties("closedloop.intake.event-store")
public record EventStoreProperties(@DefaultValue("5m") Duration gapTimeout,
                                   @DefaultValue("1000000") int maxGapOffset,
                                   @DefaultValue("30s") Duration clockSkew,
                                   @DefaultValue("200ms") Duration pollInterval) {

    /**
     * Fails when a gap could be given up while the transaction that holds it may still commit.
     *
     * @param transactionTimeout the longest an intake transaction may run
     */
    void checkAgainst(Duration transactionTimeout) {
        if (transactionTimeout == null || transactionTimeout.isZero() || transactionTimeout.isNegative()) {
            throw new IllegalStateException("spring.transaction.default-timeout must be set: without a bound on "
                    + "intake's transactions, no gap timeout is safe and the relay could skip a committed event");
        }
        // An event's timestamp is taken inside its transaction; the transaction holding a lower index began before
        // the event's own transaction inserted it, so it has ended at most two transaction lifetimes after that
        // timestamp (plus the clock difference between the writer and the reader).
        Duration safe = transactionTimeout.multipliedBy(2).plus(clockSkew);
        if (gapTimeout.compareTo(safe) < 0) {
            throw new IllegalStateException("closedloop.intake.event-store.gap-timeout (" + gapTimeout + ") must be "
                    + "at least twice spring.transaction.default-timeout (" + transactionTimeout + ") plus "
                    + "clock-skew (" + clockSkew + "), or the relay can skip an event committed late");
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalStateException("closedloop.intake.event-store.poll-interval must be positive");
        }
        if (maxGapOffset < 10_000) {
            throw new IllegalStateException("closedloop.intake.event-store.max-gap-offset must be at least 10000");
        }
    }
}
