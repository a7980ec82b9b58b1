package io.closedloop.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The launcher's control files, {@code <data-dir>/control/} (deploy's {@code FaultControl}): {@code kafka.stopped}
 * and {@code postgres.stopped} hold that part stopped while they exist, {@code smtp.delay-ms} slows the mail server's
 * answers down, and {@code status.tsv} (part, port, state) says what the launcher has done about them.
 */
final class PlatformControl {

    /** One line of {@code status.tsv}: e.g. {@code kafka 9092 running}, {@code mail-relay 40123 delay-ms=0}. */
    record Part(String name, int port, String state) {
    }

    private final Path dir;

    PlatformControl(Path dataDir) {
        this.dir = dataDir.resolve("control");
    }

    /** Parses {@code status.tsv}: a header line, then part, port and state separated by tabs. */
    static Map<String, Part> parseStatus(List<String> lines) {
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 3) {
                throw new IllegalArgumentException("not part, port and state: " + line);
            }
            parts.put(f[0], new Part(f[0], Integer.parseInt(f[1].strip()), f[2].strip()));
        }
        return parts;
    }

    Map<String, Part> status() throws IOException {
        Path file = dir.resolve("status.tsv");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist: this needs a platform started by the launcher of this "
                    + "version (deploy/run-local.sh), which writes it");
        }
        return parseStatus(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    Optional<Part> part(String name) throws IOException {
        return Optional.ofNullable(status().get(name));
    }

    /** Asks the launcher to stop the part and waits until it says it has. */
    void stop(String part, Duration timeout) throws IOException {
        Files.writeString(dir.resolve(part + ".stopped"), "stopped by the fault suite\n", StandardCharsets.UTF_8);
        awaitState(part, "stopped", timeout);
    }

    /** Asks the launcher to start the part again and waits until it runs. */
    void start(String part, Duration timeout) throws IOException {
        Files.deleteIfExists(dir.resolve(part + ".stopped"));
        awaitState(part, "running", timeout);
    }

    /** Holds every answer of the mail server back by this much (zero: full speed again). */
    void delayMail(Duration delay) throws IOException {
        Path file = dir.resolve("smtp.delay-ms");
        if (delay.isZero()) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, Long.toString(delay.toMillis()), StandardCharsets.UTF_8);
        }
        String want = "delay-ms=" + delay.toMillis();
        awaitState("mail-relay", want, Duration.ofSeconds(30));
    }

    private void awaitState(String part, String state, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Part> now = part(part);
            if (now.isEmpty()) {
                throw new IOException("the launcher's status lists no " + part);
            }
            if (now.get().state().equals(state)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(part + " is " + now.get().state() + ", not " + state + ", after "
                        + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }
}
