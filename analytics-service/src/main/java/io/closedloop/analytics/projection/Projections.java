package io.closedloop.analytics.projection;

import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.analytics.facts.ComplaintFact;
import io.closedloop.analytics.facts.FactProjector;
import io.closedloop.analytics.projection.Generations.Generation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the projections: folds each new event into the live generation, rebuilds a new generation from the start of
 * the event log while the old one keeps serving (then switches), and builds snapshots as of a past moment. All of it
 * is the same fold ({@link FactProjector}), so a rebuild gives the same numbers and nothing but analytics' own tables
 * is ever touched: a replay has no side effects anywhere.
 */
@Service
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    /**
     * How far behind the cursor a catch-up looks again. Positions are handed out when a row is inserted but become
     * visible when its transaction commits, so a batch still in flight can appear behind rows already read. A batch
     * holds a few hundred events and commits within seconds; ten thousand positions is far more than can overtake
     * it. Events read twice change nothing (the projector skips sequences it has folded).
     */
    static final long OVERLAP = 10_000;
    /** a catch-up this close to the end of the log is finished under the switch lock */
    static final long CLOSE_ENOUGH = 2_000;
    static final int CHUNK = 5_000;
    /** complaints per slice of a bulk fold: each slice is folded and written in one go */
    static final int FACTS_PER_WRITE = 1_000;
    /** threads that read, fold and write the slices of a bulk fold; one per core (the reading thread mostly waits) */
    static final int FOLDERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    static final int SNAPSHOTS_KEPT = 3;

    /** A rebuild is already running; there is one at a time. */
    public static class RebuildRunningException extends RuntimeException {
        RebuildRunningException(int generation) {
            super("generation " + generation + " is being rebuilt already; follow its progress");
        }
    }

    private final EventLog eventLog;
    private final FactStore facts;
    private final Generations generations;
    private final TransactionTemplate transactions;
    /** progress is committed on its own, so that it shows while the build's own transaction is still open */
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild");
        t.setDaemon(true);
        return t;
    });

    Projections(EventLog eventLog, FactStore facts, Generations generations, PlatformTransactionManager transactionManager,
            Clock clock) {
        this.eventLog = eventLog;
        this.facts = facts;
        this.generations = generations;
        this.transactions = new TransactionTemplate(transactionManager);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** A build that was under way when the service stopped is abandoned; a new one can be started. */
    @EventListener(ApplicationReadyEvent.class)
    void abandonInterruptedBuilds() {
        for (Generation g : generations.all()) {
            if ("building".equals(g.state())) {
                transactions.executeWithoutResult(s -> {
                    facts.delete(g.generation());
                    generations.fail(g.generation(), "the service stopped during the build", clock.instant());
                });
                log.warn("Abandoned projection generation {}: the service stopped while it was being built",
                        g.generation());
            }
        }
    }

    /** Folds events logged for the first time into the live generation; runs in the consumer's transaction. */
    public void applyLive(List<EventLog.Entry> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        // shared: live batches run side by side; a switch to a rebuilt generation waits for them and they for it
        generations.lockShared();
        fold(generations.live(), fresh);
    }

    /** Starts rebuilding the live projection from the start of the log; the current one serves until the switch. */
    public synchronized Generation rebuild() {
        generations.building().ifPresent(g -> {
            throw new RebuildRunningException(g.generation());
        });
        long target = eventLog.lastPosition();
        int generation = generations.create("live", null, target, clock.instant());
        rebuilds.execute(() -> runRebuild(generation, target));
        return generations.find(generation).orElseThrow();
    }

    /**
     * The projections as they stood at {@code asOf} (every event recorded up to then), built on demand and kept for
     * the next question about the same moment. Blocking: a fold of the whole log.
     */
    public synchronized Generation snapshot(Instant asOf) {
        var ready = generations.readySnapshot(asOf);
        if (ready.isPresent()) {
            return ready.get();
        }
        long target = eventLog.lastPosition();
        int generation = generations.create("as-of", asOf, target, clock.instant());
        try {
            long events = transactions.execute(s -> bulk(generation, target, asOf));
            generations.progress(generation, target, target, events);
            generations.finish(generation, "ready", clock.instant());
        } catch (RuntimeException e) {
            facts.delete(generation);
            generations.fail(generation, String.valueOf(NestedExceptionUtils.getMostSpecificCause(e)), clock.instant());
            throw e;
        }
        List<Generation> snapshots = generations.snapshotsOldestFirst();
        for (int i = 0; i < snapshots.size() - SNAPSHOTS_KEPT; i++) {
            int old = snapshots.get(i).generation();
            transactions.executeWithoutResult(s -> {
                facts.delete(old);
                generations.remove(old);
            });
        }
        return generations.find(generation).orElseThrow();
    }

    private void runRebuild(int generation, long target) {
        long started = System.nanoTime();
        try {
            AtomicLong events = new AtomicLong(transactions.execute(s -> bulk(generation, target, null)));
            long cursor = target;
            long last = eventLog.lastPosition();
            while (last - cursor > CLOSE_ENOUGH) {
                long from = cursor;
                long to = last;
                events.addAndGet(transactions.execute(s -> catchUp(generation, from, to)));
                ownTransaction.executeWithoutResult(s -> generations.progress(generation, to, to, events.get()));
                cursor = last;
                last = eventLog.lastPosition();
            }
            long from = cursor;
            transactions.executeWithoutResult(s -> {
                generations.lockExclusive(); // live batches finish first; new ones wait for the switch
                long end = eventLog.lastPosition();
                events.addAndGet(catchUp(generation, from, end));
                generations.progress(generation, end, end, events.get());
                generations.activate(generation, clock.instant());
            });
            for (Generation g : generations.all()) {
                if ("retired".equals(g.state()) && "live".equals(g.kind())) {
                    transactions.executeWithoutResult(s -> facts.delete(g.generation()));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("Rebuilt the projections as generation {}: {} events in {} s ({} events/s); it is live now",
                    generation, events.get(), String.format("%.1f", seconds), Math.round(events.get() / seconds));
        } catch (RuntimeException e) {
            log.error("Rebuilding generation {} failed; the live generation is unchanged", generation, e);
            transactions.executeWithoutResult(s -> {
                facts.delete(generation);
                generations.fail(generation, String.valueOf(NestedExceptionUtils.getMostSpecificCause(e)),
                        clock.instant());
            });
        }
    }

    /**
     * Folds the whole log up to {@code upTo} (and up to {@code asOf}, if given) into a fresh generation. The log is
     * streamed ordered by complaint on this thread, in slices of whole complaints; each slice is read, folded and
     * written (with COPY, on a connection of its own) by one of {@link #FOLDERS} threads. Complaints are independent,
     * so slices need no order, and this thread's reading overlaps with their parsing and PostgreSQL's writing. At
     * most two slices per thread wait, which bounds the memory. If anything fails, every slice already handed out is
     * finished or failed before the failure is thrown, so that the caller's clean-up of the generation is the last
     * word.
     */
    private long bulk(int generation, long upTo, Instant asOf) {
        ExecutorService folders = Executors.newFixedThreadPool(FOLDERS, r -> {
            Thread t = new Thread(r, "projection-fold-" + generation);
            t.setDaemon(true);
            return t;
        });
        Semaphore waiting = new Semaphore(2 * FOLDERS);
        List<Future<?>> slices = new ArrayList<>();
        AtomicLong written = new AtomicLong();
        List<EventLog.Stored> slice = new ArrayList<>();
        int[] complaints = {0};
        long[] events = {0};
        Runnable handOut = () -> {
            List<EventLog.Stored> entries = List.copyOf(slice);
            slice.clear();
            complaints[0] = 0;
            waiting.acquireUninterruptibly();
            slices.add(folders.submit(() -> {
                try {
                    facts.insertNew(generation, foldSlice(entries));
                    written.addAndGet(entries.size());
                } finally {
                    waiting.release();
                }
            }));
            failFast(slices);
            long folded = written.get();
            ownTransaction.executeWithoutResult(s -> generations.progress(generation, 0, upTo, folded));
        };
        try {
            eventLog.streamByComplaint(upTo, asOf, stored -> {
                boolean next = slice.isEmpty()
                        || !slice.get(slice.size() - 1).complaintId().equals(stored.complaintId());
                if (next && complaints[0] == FACTS_PER_WRITE) {
                    handOut.run();
                }
                if (next) {
                    complaints[0]++;
                }
                slice.add(stored);
                events[0]++;
            });
            if (!slice.isEmpty()) {
                handOut.run();
            }
            for (Future<?> f : slices) {
                await(f);
            }
            return events[0];
        } catch (RuntimeException e) {
            for (Future<?> f : slices) {
                try {
                    f.get();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    break;
                } catch (ExecutionException sliceFailed) {
                    // the first failure is what is thrown; the others are kept with it
                    if (sliceFailed.getCause() != e) {
                        e.addSuppressed(sliceFailed.getCause());
                    }
                }
            }
            throw e;
        } finally {
            folders.shutdown();
        }
    }

    /** The facts of a slice of whole complaints, its entries grouped by complaint and in stream order. */
    private static List<ComplaintFact> foldSlice(List<EventLog.Stored> entries) {
        List<ComplaintFact> folded = new ArrayList<>();
        ComplaintFact fact = null;
        for (EventLog.Stored stored : entries) {
            EventLog.Entry entry = stored.read();
            if (fact != null && !fact.complaintId.equals(entry.envelope().complaintId())) {
                folded.add(fact);
                fact = null;
            }
            fact = FactProjector.apply(fact, entry.envelope(), entry.keywords());
        }
        if (fact != null) {
            folded.add(fact);
        }
        return folded;
    }

    /** Throws the failure of a slice that has failed already, so that the stream stops early. */
    private static void failFast(List<Future<?>> slices) {
        for (Future<?> f : slices) {
            if (f.isDone()) {
                await(f);
            }
        }
    }

    private static void await(Future<?> slice) {
        try {
            slice.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the projections were being folded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("folding a slice of the event log failed", e.getCause());
        }
    }

    /**
     * Folds the entries after {@code from} (less the overlap) up to {@code to}, in log order. Most of the overlap has
     * been folded already (it is only there for batches that were still in flight), so each chunk is first read
     * without its envelopes and compared with the last sequence of each complaint's fact: only events the fact has
     * not seen are read, parsed and folded, and only their facts are written again. The projector would skip the
     * others anyway, so the result is the same as folding the whole chunk.
     */
    private long catchUp(int generation, long from, long to) {
        long position = Math.max(0, from - OVERLAP);
        long events = 0;
        while (true) {
            List<EventLog.Mark> chunk = eventLog.marks(position, to, CHUNK);
            if (chunk.isEmpty()) {
                return events;
            }
            Set<String> ids = new HashSet<>();
            chunk.forEach(m -> ids.add(m.complaintId()));
            Map<String, Long> folded = facts.lastSequences(generation, ids);
            List<Long> unseen = chunk.stream()
                    .filter(m -> m.sequence() > folded.getOrDefault(m.complaintId(), -1L))
                    .map(EventLog.Mark::position)
                    .toList();
            if (!unseen.isEmpty()) {
                fold(generation, eventLog.read(unseen));
            }
            // the overlap is looked at again (harmless: a fact ignores what it has seen) but counted once
            events += chunk.stream().filter(m -> m.position() > from).count();
            position = chunk.get(chunk.size() - 1).position();
        }
    }

    private void fold(int generation, List<EventLog.Entry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.envelope().complaintId()));
        Map<String, ComplaintFact> touched = new LinkedHashMap<>(facts.load(generation, ids));
        for (EventLog.Entry e : entries) {
            touched.compute(e.envelope().complaintId(), (id, f) -> FactProjector.apply(f, e.envelope(), e.keywords()));
        }
        facts.save(generation, touched.values());
    }
}
