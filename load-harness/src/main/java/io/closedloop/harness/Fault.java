package io.closedloop.harness;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Something that goes wrong with the running platform while a {@link CheckedLoad} runs, and its recovery. */
interface Fault {

    /** What the fault suite and its scenario list call it: {@code kill}, {@code kafka}, ... */
    String name();

    /** One line for the run's header. */
    String description();

    /**
     * Injects the fault and returns once the platform has recovered from it (or gave up waiting: then it adds to
     * {@code problems}). Runs on its own thread while the load goes on.
     */
    void inject(Context context) throws Exception;

    /**
     * When the broker, the database or the disk was away, once {@link #inject} has returned; empty for faults that
     * take nothing away for a stretch of time. Timers that fell due inside it could only fire after it.
     */
    default java.util.Optional<Outage> outage() {
        return java.util.Optional.empty();
    }

    /** From when to when something the platform needs was away. */
    record Outage(java.time.Instant from, java.time.Instant until) {

        boolean covers(java.time.Instant moment, java.time.Duration recovery) {
            return !moment.isBefore(from) && !moment.isAfter(until.plus(recovery));
        }
    }

    /** Undoes what the fault left in place once the run has been reconciled (e.g. a mounted filesystem). */
    default void cleanUp() throws Exception {
    }

    /** What a fault may use. */
    record Context(Path dataDir, HttpClient http, Clock clock, List<String> problems, Duration recoveryTimeout) {
    }
}
