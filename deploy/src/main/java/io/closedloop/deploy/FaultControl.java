package io.closedloop.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lets an operator or the fault suite ({@code load-harness faults}) take the platform's infrastructure away and
 * bring it back, with plain files in {@code <data-dir>/control/}, checked every second by the launcher:
 * <ul>
 *   <li>{@code kafka.stopped} exists: the Kafka broker is stopped (controlled shutdown) until the file is removed,
 *       then started again on the same port and data directory;</li>
 *   <li>{@code postgres.stopped}: the same for PostgreSQL (fast shutdown, then a start on the same data
 *       directory and port);</li>
 *   <li>{@code smtp.delay-ms} holding a number: every answer of the mail server reaches the services that many
 *       milliseconds late (see {@link DelayingMailRelay}); remove the file for full speed.</li>
 * </ul>
 * Files, not an HTTP endpoint: {@code touch} and {@code rm} are all a person needs, nothing listens on another
 * port, and only whoever may write the data directory (who could stop the platform anyway) can use them.
 * {@code control/status.tsv} says what is running, so a script knows when the broker or the database is back.
 */
final class FaultControl {

    /** A part of the infrastructure that can be stopped and started again on its port and data. */
    interface Part {
        String name();

        int port();

        boolean isRunning();

        void stop();

        void start();
    }

    static final String STOPPED_SUFFIX = ".stopped";
    static final String SMTP_DELAY_FILE = "smtp.delay-ms";
    static final String STATUS_FILE = "status.tsv";

    private final Path dir;
    private final List<Part> parts;
    private final DelayingMailRelay relay;
    private final PrintStream out;
    /** parts this control stopped: only those it starts again (one that crashed on its own is not hidden) */
    private final Set<String> stoppedHere = new LinkedHashSet<>();
    private final int imapPort;
    private String lastStatus = "";

    /** @param imapPort where the mail that went through the relay can be read (0: none) */
    FaultControl(Path dir, List<Part> parts, DelayingMailRelay relay, int imapPort, PrintStream out) {
        this.dir = dir;
        this.imapPort = imapPort;
        this.parts = List.copyOf(parts);
        this.relay = relay;
        this.out = out;
        try {
            Files.createDirectories(dir);
            // stale requests from an earlier run must not stop a freshly started platform
            for (Part part : parts) {
                Files.deleteIfExists(dir.resolve(part.name() + STOPPED_SUFFIX));
            }
            Files.deleteIfExists(dir.resolve(SMTP_DELAY_FILE));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + dir, e);
        }
        writeStatus();
    }

    /** Acts on the control files once: stops, starts, sets the mail delay, and rewrites the status. */
    synchronized void checkOnce() {
        for (Part part : parts) {
            boolean wantStopped = Files.exists(dir.resolve(part.name() + STOPPED_SUFFIX));
            try {
                if (wantStopped && !stoppedHere.contains(part.name())) {
                    out.println("Stopping " + part.name() + " (" + dir.resolve(part.name() + STOPPED_SUFFIX) + " exists) ...");
                    stoppedHere.add(part.name());
                    writeStatus();
                    part.stop();
                    out.println(part.name() + " stopped; remove the file to start it again");
                } else if (!wantStopped && stoppedHere.contains(part.name())) {
                    out.println("Starting " + part.name() + " again on port " + part.port() + " ...");
                    long begin = System.nanoTime();
                    part.start();
                    stoppedHere.remove(part.name());
                    out.printf(Locale.ROOT, "%s is back after %.1f s%n", part.name(), (System.nanoTime() - begin) / 1e9);
                }
            } catch (RuntimeException e) {
                // tried again in a second: a port still held by the old process frees itself
                System.err.println("WARNING: " + part.name() + ": " + e.getMessage());
            }
        }
        if (relay != null) {
            Duration delay = Duration.ofMillis(readDelay());
            if (!delay.equals(relay.delay())) {
                relay.setDelay(delay);
                out.println(delay.isZero() ? "Mail relay at full speed again"
                        : "Mail relay: every answer of the mail server held back " + delay.toMillis() + " ms");
            }
        }
        writeStatus();
    }

    /** True while this control holds the part stopped (the launcher's watchdog should not call that a crash). */
    synchronized boolean isHeldStopped(String name) {
        return stoppedHere.contains(name);
    }

    private long readDelay() {
        Path file = dir.resolve(SMTP_DELAY_FILE);
        try {
            if (!Files.exists(file)) {
                return 0;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? 0 : Math.max(0, Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            System.err.println("WARNING: " + file + " should hold a number of milliseconds: " + e.getMessage());
            return relay.delay().toMillis();
        }
    }

    private void writeStatus() {
        StringBuilder tsv = new StringBuilder("part\tport\tstate\n");
        for (Part part : parts) {
            String state = stoppedHere.contains(part.name()) ? (part.isRunning() ? "stopping" : "stopped")
                    : part.isRunning() ? "running" : "down";
            tsv.append(part.name()).append('\t').append(part.port()).append('\t').append(state).append('\n');
        }
        if (relay != null) {
            tsv.append("mail-relay\t").append(relay.port()).append("\tdelay-ms=").append(relay.delay().toMillis()).append('\n');
        }
        if (imapPort > 0) {
            tsv.append("mail-imap\t").append(imapPort).append("\trunning\n");
        }
        String status = tsv.toString();
        if (status.equals(lastStatus)) {
            return;
        }
        Path file = dir.resolve(STATUS_FILE);
        Path temporary = dir.resolve(STATUS_FILE + ".tmp");
        try {
            Files.writeString(temporary, status, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastStatus = status;
        } catch (IOException e) {
            System.err.println("WARNING: cannot write " + file + ": " + e);
        }
    }
}
