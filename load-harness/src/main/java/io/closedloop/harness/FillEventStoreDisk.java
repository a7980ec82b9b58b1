package io.closedloop.harness;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The event store's disk fills up. A real one: intake's event table ({@code domainevententry}) is moved into a
 * PostgreSQL tablespace on a small filesystem of its own (a {@code tmpfs} mounted for the purpose; this needs root,
 * or CAP_SYS_ADMIN, as a disk does), the filesystem is filled to the last byte, and PostgreSQL fails to extend the
 * table with "No space left on device", as it would on a full disk. After the outage the filler is deleted (an
 * operator freeing space), and at the end of the scenario the table moves back and the filesystem is unmounted.
 * Only the table's own disk fills: the write-ahead log stays on the main disk (a full WAL disk makes PostgreSQL
 * stop altogether, which the PostgreSQL scenario covers).
 */
final class FillEventStoreDisk implements Fault {

    static final String TABLE = "domainevententry";
    static final String TABLESPACE = "fault_eventstore_disk";
    /** room left once the filler is gone, for the rest of the load */
    private static final long HEADROOM = 128L << 20;

    private final Duration outage;
    private Path mountPoint;
    private int postgresPort;
    private volatile Outage happened;

    FillEventStoreDisk(Duration outage) {
        this.outage = outage;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public String description() {
        return "the event store's disk (a tablespace on a small tmpfs) is full for " + outage.toSeconds() + " s";
    }

    /** {@code mount -t tmpfs -o size=...}: a filesystem size in whole KiB, at least the table plus the headroom. */
    static long filesystemBytes(long tableBytes) {
        long bytes = tableBytes + HEADROOM;
        return (bytes + 1023) / 1024 * 1024;
    }

    @Override
    public void inject(Context context) throws Exception {
        postgresPort = new PlatformControl(context.dataDir()).part("postgres")
                .orElseThrow(() -> new IOException("the launcher's status lists no postgres")).port();
        Path postgresLog = context.dataDir().resolve("logs").resolve("postgres.log");
        long logBefore = Files.exists(postgresLog) ? Files.size(postgresLog) : 0;
        mountPoint = context.dataDir().resolve("faults").resolve("eventstore-disk");
        Files.createDirectories(mountPoint);
        try (Connection db = connect()) {
            long tableBytes = scalar(db, "select pg_total_relation_size('" + TABLE + "')");
            long size = filesystemBytes(tableBytes);
            run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size / 1024 + "k,mode=0700", "tmpfs", mountPoint.toString()));
            Path location = mountPoint.resolve("pg");
            Files.createDirectories(location);
            // PostgreSQL creates the tablespace's files as the owner of its data directory
            Object owner = Files.getAttribute(context.dataDir().resolve("postgres"), "unix:uid");
            run(List.of("chown", owner + ":" + owner, location.toString(), mountPoint.toString()));
            try (Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLESPACE " + TABLESPACE + " LOCATION '" + location + "'");
                sql.execute("ALTER TABLE " + TABLE + " SET TABLESPACE " + TABLESPACE);
            }
            System.out.printf(Locale.ROOT, "event table (%.1f MB) moved to a %.0f MB tmpfs at %s%n", tableBytes / 1e6,
                    size / 1e6, mountPoint);
        }
        Path filler = mountPoint.resolve("filler");
        java.time.Instant fullFrom = context.clock().instant();
        long filled = fill(filler);
        System.out.printf(Locale.ROOT, "the event store's disk is full (%.1f MB of filler); full for %d s%n", filled / 1e6,
                outage.toSeconds());
        LockSupport.parkNanos(outage.toNanos()); // the outage itself
        Files.delete(filler);
        happened = new Outage(fullFrom, context.clock().instant());
        long refusals = countInLog(postgresLog, logBefore, "No space left on device");
        System.out.println("space freed; PostgreSQL logged \"No space left on device\" " + refusals + " time(s)");
        if (refusals == 0) {
            context.problems().add("disk: PostgreSQL never ran out of space: the fault did not bite (too little load?)");
        }
    }

    @Override
    public java.util.Optional<Outage> outage() {
        return java.util.Optional.ofNullable(happened);
    }

    /** Moves the table back to the main disk, drops the tablespace and unmounts the small filesystem. */
    @Override
    public void cleanUp() throws Exception {
        if (mountPoint == null) {
            return;
        }
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("ALTER TABLE " + TABLE + " SET TABLESPACE pg_default");
            sql.execute("DROP TABLESPACE IF EXISTS " + TABLESPACE);
        }
        run(List.of("umount", mountPoint.toString()));
    }

    private Connection connect() throws SQLException {
        // the one-command platform's PostgreSQL trusts local connections (deploy/README)
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/intake", "postgres", "postgres");
    }

    private static long scalar(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes until the filesystem refuses ("No space left on device"); returns how much was written. */
    static long fill(Path filler) throws IOException {
        byte[] block = new byte[1 << 16];
        long written = 0;
        try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
            while (true) {
                try {
                    out.write(block);
                    written += block.length;
                } catch (IOException full) {
                    break; // the point: no space left
                }
            }
            // the last partial blocks: a tmpfs page at a time
            byte[] small = new byte[512];
            while (true) {
                try {
                    out.write(small);
                    written += small.length;
                } catch (IOException full) {
                    return written;
                }
            }
        }
    }

    static long countInLog(Path log, long from, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            String added = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return added.lines().filter(line -> line.contains(text)).count();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output
                    + (command.get(0).equals("mount") ? " (mounting a small filesystem needs root or CAP_SYS_ADMIN)" : ""));
        }
    }
}
