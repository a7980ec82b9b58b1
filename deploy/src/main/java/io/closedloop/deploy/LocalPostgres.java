package io.closedloop.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from zonky's embedded binaries, with a data directory that survives restarts.
 *
 * <p>zonky 2.2.2 runs {@code initdb} only when the data directory has no {@code postgresql.conf} (or when
 * "clean data directory" is on, which this class turns off), so a second start on the same directory reuses
 * the cluster and its data. When running as root zonky starts every PostgreSQL binary under
 * {@code unshare -U} by itself.
 *
 * <p>Durability: zonky starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}.
 * With {@code durable=true} this class sets {@code fsync=on}, {@code synchronous_commit=on} and
 * {@code full_page_writes=on} (they come after {@code -F} on the command line and win); with
 * {@code durable=false} (tests) a machine crash may lose the last commits or corrupt the cluster.
 *
 * <p>Authentication is {@code trust} for local connections: any password is accepted.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final boolean durable;
    private final Thread shutdownHook;
    private final Duration startupDuration;
    private volatile EmbeddedPostgres postgres;
    private final int port;
    private final Process watchdog;

    private LocalPostgres(Path dataDir, boolean durable, EmbeddedPostgres postgres, boolean stopAtJvmExit,
                          Duration startupDuration) {
        this.dataDir = dataDir;
        this.durable = durable;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.startupDuration = startupDuration;
        this.watchdog = startWatchdog(dataDir);
        this.shutdownHook = stopAtJvmExit ? new Thread(this::stopQuietly, "postgres-" + port + "-stopper") : null;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initdb only if the directory holds no cluster yet; an existing one
     * is reused as it is) and {@code localhost:port} (0 = any free port). Server output goes through SLF4J
     * (zonky's default); the server is stopped when this JVM exits.
     */
    public static LocalPostgres start(Path dataDir, int port, boolean durable) {
        return start(dataDir, port, durable, null, true);
    }

    /**
     * Like {@link #start(Path, int, boolean)}, with the server's output appended to {@code logFile} (null: through
     * SLF4J) and whether a JVM shutdown hook stops the server.
     */
    public static LocalPostgres start(Path dataDir, int port, boolean durable, Path logFile, boolean stopAtJvmExit) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            if (logFile != null) {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        stopOrphanedServer(dir);
        if (port != 0 && !ChildProcesses.isPortFree(port)) {
            throw new IllegalStateException("Cannot start PostgreSQL: port " + port + " is already in use");
        }

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_TIMEOUT);
        if (durable) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        if (logFile != null) {
            ProcessBuilder.Redirect append = ProcessBuilder.Redirect.appendTo(logFile.toAbsolutePath().toFile());
            builder.setOutputRedirector(append).setErrorRedirector(append);
        }
        long begin = System.nanoTime();
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } catch (IOException | RuntimeException e) {
            String hint = logFile == null ? "" : " Tail of " + logFile + ":\n" + ChildProcesses.tail(logFile, 30);
            throw new IllegalStateException("Cannot start PostgreSQL on port " + port + " with data directory "
                    + dir + ": " + e.getMessage() + "." + hint, e);
        }
        LocalPostgres local = new LocalPostgres(dir, durable, pg, stopAtJvmExit,
                Duration.ofNanos(System.nanoTime() - begin));
        if (local.shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(local.shutdownHook);
        }
        return local;
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String username() {
        return USER;
    }

    /** Any password works (trust authentication); this is the one the launchers hand out. */
    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean durable() {
        return durable;
    }

    /** How long {@link #start} took until the server answered queries. */
    public Duration startupDuration() {
        return startupDuration;
    }

    public boolean isRunning() {
        return postgres != null && postmasterPid(dataDir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Process id of the postmaster, or -1 when it is not running. */
    public long pid() {
        return postgres == null ? -1 : postmasterPid(dataDir).orElse(-1L);
    }

    /** Creates database {@code name} (lower-case letters, digits, underscores) unless it exists. */
    public void createDatabaseIfMissing(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: someone else was faster
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + jdbcUrl("postgres"), e);
        }
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); waits until the postmaster is gone. Idempotent. */
    public synchronized void stop() {
        EmbeddedPostgres pg = postgres;
        if (pg == null) {
            return;
        }
        postgres = null;
        if (watchdog != null) {
            watchdog.destroy();
        }
        Optional<ProcessHandle> postmaster = postmasterPid(dataDir).flatMap(ProcessHandle::of);
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
        } finally {
            // zonky's pg_ctl stop waits 5 s at most; make sure the server is really gone before returning
            postmaster.ifPresent(p -> ChildProcesses.terminate(p, Duration.ofSeconds(30)));
        }
    }

    @Override
    public void close() {
        stop();
        ChildProcesses.removeShutdownHook(shutdownHook);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Could not stop PostgreSQL on port " + port + ": " + e);
        }
    }

    /**
     * pg_ctl daemonizes PostgreSQL, so it outlives a JVM killed with {@code kill -9}. A tiny shell loop, started
     * here and ended by {@link #stop()}, asks the postmaster for a fast shutdown (SIGINT) once this JVM is gone.
     */
    private static Process startWatchdog(Path dataDir) {
        Optional<Long> postmaster = postmasterPid(dataDir);
        if (postmaster.isEmpty() || !Files.isExecutable(Path.of("/bin/sh"))) {
            return null;
        }
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "kill -INT " + postmaster.get() + " 2>/dev/null";
        try {
            return new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return null; // best effort: the next start stops an orphaned server anyway
        }
    }

    /** The postmaster pid from {@code postmaster.pid}, if that file exists. */
    static Optional<Long> postmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A launcher killed with {@code kill -9} leaves its PostgreSQL running (pg_ctl daemonizes it), holding the
     * data directory and the port. If no live JVM holds zonky's lock on the directory, such a server is an
     * orphan: stop it (SIGINT = fast shutdown), so this start can proceed.
     */
    static void stopOrphanedServer(Path dir) {
        Optional<ProcessHandle> postmaster = postmasterPid(dir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        Path lockFile = dir.resolve("epg-lock");
        try (FileChannel channel = new FileOutputStream(lockFile.toFile(), true).getChannel();
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data directory " + dir + " is in use by another process");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock on " + lockFile, e);
        }
        ProcessHandle orphan = postmaster.get();
        System.err.println("Stopping orphaned PostgreSQL (pid " + orphan.pid() + ") left running on " + dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(orphan.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            orphan.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChildProcesses.terminate(orphan, Duration.ofSeconds(30)); // no-op if the fast shutdown already ended it
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + jdbcUrl("") + ", dataDir=" + dataDir + ", durable=" + durable + "]";
    }
}
