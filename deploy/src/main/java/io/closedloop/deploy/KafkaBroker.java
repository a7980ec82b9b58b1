package io.closedloop.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker+controller), run as a child JVM with Kafka's own
 * classpath.
 *
 * <p>Kafka's classpath is the resource {@code io/closedloop/deploy/kafka-classpath.txt}, written at build time
 * by maven-dependency-plugin (absolute paths into the local Maven repository). The child's main class is
 * {@link KafkaBrokerMain}, which ends the broker when this JVM is gone, even after a {@code kill -9}; a JVM
 * shutdown hook additionally stops it gracefully on a normal exit.
 *
 * <p>Files in {@code dataDir}: {@code server.properties}, {@code log4j.properties}, {@code cluster.id},
 * {@code kafka-logs/} (Kafka's {@code log.dirs}: the data), {@code broker.log} (the broker's stdout/stderr,
 * appended across starts) and {@code launcher/} (the launcher classes). Retention is infinite. Extra JVM
 * options for the child: system property {@code closedloop.kafka.jvm-args} (space-separated).
 *
 * <p>{@link #startWithScram} starts it secured the way a production cluster is (deploy/k8s: Strimzi): clients must
 * log in with SCRAM-SHA-512 and may do only what ACLs allow them ({@code StandardAuthorizer}, nothing allowed
 * without an ACL). Only TLS is left out: the listener is {@code SASL_PLAINTEXT}.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The child's -Xmx unless given: system property {@code closedloop.kafka.xmx}, default 512m. */
    public static final String DEFAULT_MAX_HEAP = System.getProperty("closedloop.kafka.xmx", "512m");
    /**
     * How long a start may take before it is given up: 60 s, or {@code -Dclosedloop.kafka.startup-timeout-seconds}.
     * The fault suite saw a restart take longer on a machine with a load average of 60 (each try killed after 60 s,
     * the launcher trying again and again), hence the knob.
     */
    public static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("closedloop.kafka.startup-timeout-seconds", 60));
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    static final String READY_LINE = "Kafka Server started";
    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";

    /**
     * A broker's SCRAM super user, created when the storage is formatted (a broker cannot log in to itself before
     * any credential exists). Plain letters, digits and dashes only: Kafka's format syntax takes no quoting.
     */
    public record ScramSuperUser(String name, String password) {
        public ScramSuperUser {
            for (String value : new String[] {name, password}) {
                if (value == null || !value.matches("[A-Za-z0-9-]+")) {
                    throw new IllegalArgumentException("SCRAM super user name and password must be [A-Za-z0-9-]+");
                }
            }
        }
    }
    static final String CLASSPATH_RESOURCE = "kafka-classpath.txt";
    /** The broker's archive in {@link ClassDataSharing}'s directory. */
    private static final String CDS_NAME = "kafka-broker";

    private final Path dataDir;
    private final int port;
    private final String maxHeap;
    private final ScramSuperUser superUser;
    private final Path logFile;
    private final Thread shutdownHook;
    /** null: the broker's JVM loads its classes as usual */
    private final ClassDataSharing classDataSharing;
    private volatile Process process;
    private volatile Duration lastStartup = Duration.ZERO;

    private KafkaBroker(Path dataDir, int port, String maxHeap, boolean stopAtJvmExit, ScramSuperUser superUser,
                        ClassDataSharing classDataSharing) {
        this.classDataSharing = classDataSharing;
        this.dataDir = dataDir;
        this.port = port;
        this.maxHeap = maxHeap;
        this.superUser = superUser;
        this.logFile = dataDir.resolve("broker.log");
        this.shutdownHook = stopAtJvmExit ? new Thread(this::stopQuietly, "kafka-broker-" + port + "-stopper") : null;
    }

    /**
     * Formats {@code dataDir} if it is not formatted yet, starts the broker on {@code localhost:port} (0 = any
     * free port, then kept for restarts) and waits until it is ready (at most {@link #STARTUP_TIMEOUT}).
     * The broker is stopped when this JVM exits.
     */
    public static KafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_MAX_HEAP, true);
    }

    /**
     * Like {@link #start(Path, int)}, with the child's maximum heap ({@code -Xmx}, e.g. "512m") and whether a
     * JVM shutdown hook stops the broker (the child ends itself anyway once this JVM is gone).
     */
    public static KafkaBroker start(Path dataDir, int port, String maxHeap, boolean stopAtJvmExit) {
        return start(dataDir, port, maxHeap, stopAtJvmExit, null, null);
    }

    /**
     * Like {@link #start(Path, int, String, boolean)}, the broker's JVM mapping the classes archived by its last
     * clean stop (the one-command platform's class-data sharing; the first start archives them at its stop).
     */
    static KafkaBroker start(Path dataDir, int port, String maxHeap, boolean stopAtJvmExit,
                             ClassDataSharing classDataSharing) {
        return start(dataDir, port, maxHeap, stopAtJvmExit, null, classDataSharing);
    }

    /**
     * Like {@link #start(Path, int)} on any free port, but secured: one {@code SASL_PLAINTEXT} listener that takes
     * only SCRAM-SHA-512 logins, and ACLs enforced ({@code StandardAuthorizer}; a principal without an ACL for a
     * resource is refused). {@code superUser} may do anything (the broker logs in to itself with it); every other
     * user must be created ({@link KafkaTestClient#createScramUser}) and granted ACLs
     * ({@link KafkaTestClient#createAcls}) through a client logged in as the super user
     * ({@link #clientProperties(String, String)}). The data directory must be new or formatted by this method.
     */
    public static KafkaBroker startWithScram(Path dataDir, ScramSuperUser superUser) {
        return start(dataDir, 0, DEFAULT_MAX_HEAP, true, superUser, null);
    }

    private static KafkaBroker start(Path dataDir, int port, String maxHeap, boolean stopAtJvmExit,
                                     ScramSuperUser superUser, ClassDataSharing classDataSharing) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        stopOrphanedBroker(dir);
        if (port != 0 && !ChildProcesses.isPortFree(port)) {
            throw new IllegalStateException("Cannot start Kafka: port " + port + " is already in use");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + dir, e);
        }
        KafkaBroker broker = new KafkaBroker(dir, port == 0 ? ChildProcesses.freePort() : port, maxHeap, stopAtJvmExit,
                superUser, classDataSharing);
        if (broker.shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        }
        try {
            broker.startProcess();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Whether clients must log in ({@link #startWithScram}). */
    public boolean isSecured() {
        return superUser != null;
    }

    /**
     * What a Kafka client (producer, consumer, admin) of a {@link #startWithScram secured} broker needs besides the
     * bootstrap servers to log in as {@code user}: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config}, by their Kafka names.
     */
    public static Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol", SASL_LISTENER,
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", jaasConfig(user, password));
    }

    /** The JAAS line of a SCRAM login, as Strimzi puts it in a KafkaUser's Secret (key {@code sasl.jaas.config}). */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The super user's {@link #clientProperties(String, String)} plus the bootstrap servers: a client that may do anything. */
    public Map<String, String> superUserClientProperties() {
        if (superUser == null) {
            throw new IllegalStateException("this broker has no SCRAM super user: start it with startWithScram");
        }
        Map<String, String> properties = new java.util.HashMap<>(clientProperties(superUser.name(), superUser.password()));
        properties.put("bootstrap.servers", bootstrapServers());
        return Map.copyOf(properties);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's stdout/stderr (Kafka's log4j output), appended across starts. */
    public Path logFile() {
        return logFile;
    }

    /** Process id of the broker JVM, or -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** How long the last (re)start took until the broker was ready. */
    public Duration lastStartupDuration() {
        return lastStartup;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Graceful stop: SIGTERM (Kafka's controlled shutdown), up to 30 s, then SIGKILL. */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            ChildProcesses.terminate(p.toHandle(), STOP_TIMEOUT);
            waitFor(p, Duration.ofSeconds(10));
            archiveWritten(p);
        }
    }

    /** After a clean stop, the classes archived at its exit are mapped from the next start on. */
    private void archiveWritten(Process p) {
        if (classDataSharing != null && !p.isAlive()) {
            classDataSharing.archiveWritten(CDS_NAME, p.exitValue());
        }
    }

    /** Simulates a crash: SIGKILL, no controlled shutdown, no flush. Returns once the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
            archiveWritten(p); // a half-written archive is dropped
        }
    }

    /** Starts the broker again on the same port and data directory (stopping it first if it runs). */
    public synchronized void restart() {
        stop();
        startProcess();
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
            System.err.println("Could not stop Kafka broker on port " + port + ": " + e);
        }
    }

    private synchronized void startProcess() {
        if (isRunning()) {
            throw new IllegalStateException("Kafka broker on port " + port + " is already running");
        }
        long begin = System.nanoTime();
        String classpath = kafkaClasspath();
        Path logDirs = dataDir.resolve("kafka-logs");
        Path serverProperties = dataDir.resolve("server.properties");
        Path log4jProperties = dataDir.resolve("log4j.properties");
        int controllerPort = ChildProcesses.freePort();
        writeServerProperties(serverProperties, logDirs, controllerPort);
        writeLog4jProperties(log4jProperties);

        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            format(classpath, serverProperties, log4jProperties);
        }

        List<String> command = jvm(log4jProperties);
        Path launcherJar = ClassDataSharing.classesJar(dataDir.resolve("launcher.jar"), KafkaBrokerMain.class,
                ParentWatchingMain.class);
        String fullClasspath = launcherJar + File.pathSeparator + classpath;
        if (classDataSharing != null) {
            command.addAll(classDataSharing.optionsFor(CDS_NAME, fullClasspath));
        }
        command.add("-cp");
        command.add(fullClasspath);
        command.add(KafkaBrokerMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(serverProperties.toString());

        long logOffset = ChildProcesses.size(logFile);
        appendToLog("==== starting Kafka broker on port " + port + " (controller " + controllerPort + ") ====");
        try {
            process = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka broker: " + command, e);
        }
        awaitReady(process, logOffset);
        lastStartup = Duration.ofNanos(System.nanoTime() - begin);
    }

    private void awaitReady(Process p, long logOffset) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        long position = logOffset;
        StringBuilder window = new StringBuilder();
        boolean logSaysStarted = false;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Kafka broker on port " + port + " exited with code " + p.exitValue()
                        + " during startup. Tail of " + logFile + ":\n" + ChildProcesses.tail(logFile, 40));
            }
            if (!logSaysStarted) {
                position = readNew(position, window);
                logSaysStarted = window.indexOf(READY_LINE) >= 0;
                if (window.length() > 4096) {
                    window.delete(0, window.length() - 256); // keep enough for a line split across reads
                }
            }
            if (logSaysStarted && ChildProcesses.canConnect(port, Duration.ofMillis(500))) {
                return;
            }
            ChildProcesses.sleep(100);
        }
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(10));
        throw new IllegalStateException("Kafka broker on port " + port + " was not ready within "
                + STARTUP_TIMEOUT.toSeconds() + " s. Tail of " + logFile + ":\n" + ChildProcesses.tail(logFile, 40));
    }

    private long readNew(long position, StringBuilder window) {
        try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = raf.length();
            if (length <= position) {
                return position;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            raf.seek(position);
            raf.readFully(bytes);
            window.append(new String(bytes, StandardCharsets.UTF_8));
            return position + bytes.length;
        } catch (IOException e) {
            return position;
        }
    }

    /** Formats the storage directory once; the cluster id is kept in {@code dataDir/cluster.id}. */
    private void format(String classpath, Path serverProperties, Path log4jProperties) {
        String clusterId = clusterId();
        List<String> command = jvm(log4jProperties);
        command.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", clusterId, "-c", serverProperties.toString(), "--ignore-formatted"));
        if (superUser != null) {
            // the broker logs in to itself (inter-broker listener) with this credential, so it must exist before
            // the broker starts: it goes into the bootstrap metadata
            command.addAll(List.of("--add-scram",
                    SCRAM_MECHANISM + "=[name=" + superUser.name() + ",password=" + superUser.password() + "]"));
        }
        appendToLog("==== formatting " + dataDir.resolve("kafka-logs") + " with cluster id " + clusterId + " ====");
        try {
            Process formatter = new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!formatter.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                formatter.destroyForcibly();
                throw new IllegalStateException("Kafka storage format did not finish within "
                        + STARTUP_TIMEOUT.toSeconds() + " s. Tail of " + logFile + ":\n" + ChildProcesses.tail(logFile, 40));
            }
            if (formatter.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed with exit code " + formatter.exitValue()
                        + ". Tail of " + logFile + ":\n" + ChildProcesses.tail(logFile, 40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Kafka StorageTool: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * The cluster id stored in {@code dataDir/cluster.id}, created on first use in the format of Kafka's
     * {@code StorageTool random-uuid} (16 random bytes, URL-safe base64 without padding, not starting with '-').
     */
    private String clusterId() {
        Path file = dataDir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            SecureRandom random = new SecureRandom();
            String id;
            do {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            } while (id.startsWith("-") || id.equals("AAAAAAAAAAAAAAAAAAAAAA") || id.equals("AAAAAAAAAAAAAAAAAAAAAQ"));
            Files.writeString(file, id + System.lineSeparator(), StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private List<String> jvm(Path log4jProperties) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j.configuration=" + log4jProperties.toUri());
        command.add("-Dkafka.logs.dir=" + dataDir);
        String extra = System.getProperty("closedloop.kafka.jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        return command;
    }

    private void writeServerProperties(Path file, Path logDirs, int controllerPort) {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        String listener = superUser == null ? "PLAINTEXT" : SASL_LISTENER;
        props.setProperty("listeners", listener + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.setProperty("advertised.listeners", listener + "://localhost:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", listener);
        props.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + listener + ":" + listener);
        if (superUser != null) {
            props.setProperty("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.setProperty("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            props.setProperty("listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + "."
                    + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    jaasConfig(superUser.name(), superUser.password()));
            props.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // ANONYMOUS: the broker's own requests to its controller, over the controller listener (KRaft does not
            // support SCRAM there; Strimzi uses mutual TLS). Clients never use that listener.
            props.setProperty("super.users", "User:" + superUser.name() + ";User:ANONYMOUS");
            props.setProperty("allow.everyone.if.no.acl.found", "false");
        }
        props.setProperty("log.dirs", logDirs.toString());
        props.setProperty("num.partitions", "6");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        // 6 instead of 50 partitions for the internal topics: much faster first consumer group / transaction here
        props.setProperty("offsets.topic.num.partitions", "6");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "6");
        // secured like a production cluster: topics are created on purpose, never by a typo in a client
        props.setProperty("auto.create.topics.enable", Boolean.toString(superUser == null));
        // After a restart the controller refuses the broker's new registration (DUPLICATE_BROKER_REGISTRATION)
        // until the previous incarnation's session expires: 9 s by default, 3 s here.
        props.setProperty("broker.session.timeout.ms", "3000");
        props.setProperty("broker.heartbeat.interval.ms", "500");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // infinite retention: the complaint stream is the distribution log
        props.setProperty("log.retention.ms", "-1");
        props.setProperty("log.retention.bytes", "-1");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "generated by io.closedloop.deploy.KafkaBroker on every start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeLog4jProperties(Path file) {
        String config = String.join("\n",
                "# generated by io.closedloop.deploy.KafkaBroker",
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.state.change.logger=WARN",
                "log4j.logger.kafka.request.logger=WARN",
                "log4j.logger.org.apache.kafka.clients.NetworkClient=WARN",
                "");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a convenience; never fail a start for it
        }
    }

    private static void waitFor(Process p, Duration timeout) {
        try {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A broker on {@code dataDir} whose launcher JVM is gone is on its way out (its {@link KafkaBrokerMain}
     * watches the launcher) but may still hold the port for a moment: wait for it (SIGKILL after 30 s). A broker
     * on {@code dataDir} whose launcher is alive means the directory is in use: fail.
     */
    static void stopOrphanedBroker(Path dataDir) {
        String propsArg = dataDir.resolve("server.properties").toString();
        ProcessHandle.allProcesses().forEach(process -> {
            String[] args = process.info().arguments().orElse(new String[0]);
            int main = java.util.Arrays.asList(args).indexOf(KafkaBrokerMain.class.getName());
            if (main < 0 || main + 2 >= args.length || !args[main + 2].equals(propsArg) || !process.isAlive()) {
                return;
            }
            long launcher;
            try {
                launcher = Long.parseLong(args[main + 1]);
            } catch (NumberFormatException e) {
                return;
            }
            if (ProcessHandle.of(launcher).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("Kafka data directory " + dataDir + " is in use by broker pid "
                        + process.pid() + " of the running process " + launcher);
            }
            System.err.println("Waiting for the orphaned Kafka broker (pid " + process.pid() + ") on " + dataDir + " to exit");
            ChildProcesses.terminate(process, STOP_TIMEOUT);
        });
    }

    /** Kafka's runtime classpath, written at build time into {@value #CLASSPATH_RESOURCE} next to this class. */
    static String kafkaClasspath() {
        String text;
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource io/closedloop/deploy/" + CLASSPATH_RESOURCE
                        + " is missing: build the deploy module with Maven (it is generated at build time)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka classpath resource", e);
        }
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("${")) {
                throw new IllegalStateException("the Kafka classpath resource was not filled in at build time: " + trimmed);
            }
            for (String entry : trimmed.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    if (!Files.exists(Path.of(entry))) {
                        throw new IllegalStateException("Kafka classpath entry " + entry + " does not exist: "
                                + "rebuild the deploy module on this machine (mvn -f deploy package)");
                    }
                    entries.add(entry);
                }
            }
        }
        if (entries.stream().noneMatch(e -> e.contains("kafka_2.13"))) {
            throw new IllegalStateException("the Kafka classpath resource does not contain kafka_2.13: " + text);
        }
        return String.join(File.pathSeparator, entries);
    }
}
