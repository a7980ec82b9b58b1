package io.closedloop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One Kafka broker, one PostgreSQL and (on request) one mail server per test JVM, started on first use, shared by every integration test in
 * that JVM, stopped at JVM exit (their temporary directories are deleted then).
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     SharedTestInfrastructure.get().springProperties("intake").forEach((k, v) -> registry.add(k, () -> v));
 * }
 * }</pre>
 *
 * PostgreSQL runs with {@code durable=false} (zonky's fast defaults): fine for tests, not for durability claims.
 */
public final class SharedTestInfrastructure {

    private static final String DIR_PREFIX = "closed-loop-test-infra-";
    private static final String OWNER_FILE = "owner.pid";

    private static volatile SharedTestInfrastructure instance;

    private final Path root;
    private KafkaBroker kafka;
    private KafkaTestClient kafkaClient;
    private LocalPostgres postgres;
    private LocalMailServer mailServer;

    private SharedTestInfrastructure(Path root) {
        this.root = root;
    }

    /** The JVM-wide instance (created lazily, thread-safe). Nothing is started until first use. */
    public static SharedTestInfrastructure get() {
        SharedTestInfrastructure local = instance;
        if (local == null) {
            synchronized (SharedTestInfrastructure.class) {
                local = instance;
                if (local == null) {
                    deleteLeftoversOfDeadJvms();
                    Path root;
                    try {
                        root = Files.createTempDirectory(DIR_PREFIX);
                        Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create a temporary directory", e);
                    }
                    local = new SharedTestInfrastructure(root);
                    Runtime.getRuntime().addShutdownHook(new Thread(local::shutdown, "shared-test-infrastructure-stopper"));
                    instance = local;
                }
            }
        }
        return local;
    }

    /** The shared Kafka broker (started on the first call, on a free port). */
    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(root.resolve("kafka"), 0, KafkaBroker.DEFAULT_MAX_HEAP, false);
        }
        return kafka;
    }

    /**
     * A client of the shared broker for tests to send and read records with, shared like the broker: it is closed
     * at JVM exit, before the broker stops, so no test class has to close it.
     */
    public synchronized KafkaTestClient kafkaClient() {
        if (kafkaClient == null) {
            kafkaClient = new KafkaTestClient(kafka().bootstrapServers());
        }
        return kafkaClient;
    }

    /** The shared PostgreSQL (started on the first call, on a free port, {@code durable=false}). */
    public LocalPostgres postgres() {
        synchronized (root) { // separate lock: PostgreSQL and Kafka may start concurrently, see startAll()
            if (postgres == null) {
                postgres = LocalPostgres.start(root.resolve("postgres"), 0, false, root.resolve("postgres.log"), false);
            }
            return postgres;
        }
    }

    /**
     * The shared mail server (GreenMail: SMTP and IMAP on free ports, with the complaints mailbox
     * {@value LocalMailServer#COMPLAINTS_ADDRESS}), started on the first call. Cheap (well under a second), so it
     * is not part of {@link #startAll()}.
     */
    public synchronized LocalMailServer mailServer() {
        if (mailServer == null) {
            mailServer = LocalMailServer.start(0, 0);
        }
        return mailServer;
    }

    /** Starts both at once (they take ~5 s each; on two cores starting them in parallel still saves time). */
    public SharedTestInfrastructure startAll() {
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(this::postgres);
        kafka();
        pg.join();
        return this;
    }

    /**
     * Spring Boot properties pointing a service at the shared infrastructure, with its own database
     * {@code database} (created if missing): {@code spring.kafka.bootstrap-servers},
     * {@code spring.datasource.url}, {@code spring.datasource.username}, {@code spring.datasource.password}.
     */
    public Map<String, String> springProperties(String database) {
        startAll();
        LocalPostgres pg = postgres();
        pg.createDatabaseIfMissing(database);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka().bootstrapServers());
        properties.put("spring.datasource.url", pg.jdbcUrl(database));
        properties.put("spring.datasource.username", pg.username());
        properties.put("spring.datasource.password", pg.password());
        // tests sign in with the demo users and keys (shared-security's DemoCredentials), as a new user would
        properties.put("closedloop.security.demo-credentials", "true");
        return properties;
    }

    /** The temporary directory holding both data directories and their logs. */
    public Path directory() {
        return root;
    }

    private void shutdown() {
        KafkaBroker k;
        LocalPostgres p;
        synchronized (this) {
            k = kafka;
            if (mailServer != null) {
                mailServer.stop();
            }
            if (kafkaClient != null) {
                kafkaClient.close();
            }
        }
        synchronized (root) {
            p = postgres;
        }
        Thread kafkaStopper = new Thread(() -> {
            if (k != null) {
                k.stop();
            }
        });
        kafkaStopper.start();
        if (p != null) {
            p.stop();
        }
        try {
            kafkaStopper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(root);
    }

    /**
     * A test JVM killed with {@code kill -9} (e.g. a surefire timeout) cannot delete its directory; its broker
     * and PostgreSQL end themselves, so the directories of JVMs that are gone can be deleted by the next one.
     */
    private static void deleteLeftoversOfDeadJvms() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(Files.readString(owner).trim());
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    boolean postgresRunning = LocalPostgres.postmasterPid(dir.resolve("postgres"))
                            .flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive && !postgresRunning) {
                        deleteRecursively(dir);
                    }
                } catch (IOException | NumberFormatException e) {
                    // not ours to judge
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }
}
