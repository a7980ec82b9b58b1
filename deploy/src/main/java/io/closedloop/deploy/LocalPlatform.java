package io.closedloop.deploy;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The whole platform on one machine: {@code java -jar deploy/target/closed-loop-local-launcher.jar [--data-dir data]}.
 *
 * <p>Starts PostgreSQL (durable: fsync and synchronous commit on; data in {@code <data-dir>/postgres}) with one
 * database per service, a Kafka broker (data in {@code <data-dir>/kafka}), then the five Spring Boot services as
 * child JVMs, configured through environment variables. Waits until every service reports
 * {@code /actuator/health} UP and prints a summary. Ctrl-C (or SIGTERM) stops the services first, then Kafka,
 * then PostgreSQL. Every child (the services too) ends itself if this launcher is killed with {@code kill -9}.
 */
public final class LocalPlatform implements AutoCloseable {

    /** A service of the platform: its module / jar name, HTTP port and database. */
    public record ServiceSpec(String name, int port, String database) {
    }

    /**
     * One running copy of a service. With {@code --instances N}, copy {@code k} listens on the service's port plus
     * {@code 100 * (k - 1)} (intake-service: 8081, 8181, ...); all copies share the service's database and Kafka
     * consumer groups, as replicas behind a load balancer would.
     */
    public record Instance(ServiceSpec spec, int number) {

        static final int PORT_STEP = 100;

        public int port() {
            return spec.port() + PORT_STEP * (number - 1);
        }

        /** {@code intake-service} for the first copy, {@code intake-service#2} for the second. */
        public String label() {
            return number == 1 ? spec.name() : spec.name() + "#" + number;
        }

        String logFileName() {
            return number == 1 ? spec.name() + ".log" : spec.name() + "-" + number + ".log";
        }
    }

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("intake-service", 8081, "intake"),
            new ServiceSpec("routing-service", 8082, "routing"),
            new ServiceSpec("sla-timer-service", 8083, "sla_timer"),
            new ServiceSpec("feedback-service", 8084, "feedback"),
            new ServiceSpec("analytics-service", 8085, "analytics"));

    /**
     * The HotSpot thresholds at which a method goes from C1 to the optimising C2 compiler, four times the JDK's
     * defaults (Tier4InvocationThreshold 5000, Tier4MinInvocationThreshold 600, Tier4CompileThreshold 15000,
     * Tier4BackEdgeThreshold 40000). A Spring Boot start runs thousands of methods (bean definitions, condition
     * evaluation, proxies, Flyway) just often enough for C2 and never again; on two cores shared by five services,
     * Kafka and PostgreSQL, compiling them was about 40% of each service's start-up CPU. Methods that stay hot under
     * load (JSON, Kafka clients, Netty, JDBC) pass these thresholds within minutes and are compiled all the same.
     * Measured (docs/benchmarks.md, "Start-up: compiling later"): every service UP 22 to 23 s after the command
     * instead of 25 s, a quarter less CPU in the first two minutes under load, and no more CPU once warm. Twenty times
     * the defaults started sooner still but cost a tenth more CPU warm: methods called a few times per complaint
     * stayed in C1's slower, profiling code for the better part of an hour.
     */
    static final List<String> LATE_C2 = List.of(
            "-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4MinInvocationThreshold=2400",
            "-XX:Tier4CompileThreshold=25000",
            "-XX:Tier4BackEdgeThreshold=160000");

    static final String VERSION = "0.1.0-SNAPSHOT";
    static final String BUILD_COMMAND = "./mvnw -DskipTests package";

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar deploy/target/closed-loop-local-launcher.jar [options]",
            "  --data-dir DIR          data and logs (default: data)",
            "  --project-dir DIR       project root holding <service>/target/<service>-" + VERSION + ".jar (default: .)",
            "  --kafka-port PORT       Kafka broker port (default: 9092)",
            "  --postgres-port PORT    PostgreSQL port (default: 5432)",
            "  --smtp-port PORT        the mail server's SMTP port (default: " + LocalMailServer.DEFAULT_SMTP_PORT + ")",
            "  --imap-port PORT        the mail server's IMAP port (default: " + LocalMailServer.DEFAULT_IMAP_PORT + ")",
            "  --only S1,S2            start only these services (" + SERVICES.stream().map(ServiceSpec::name).collect(Collectors.joining(", ")) + ")",
            "  --no-services           start only PostgreSQL and Kafka",
            "  --service-port S=PORT   HTTP port of service S (repeatable; defaults: " + SERVICES.stream().map(s -> s.name() + "=" + s.port()).collect(Collectors.joining(", ")) + ")",
            "  --health-timeout SECS   how long each service may take to report UP (default: 120)",
            "  --parallel N            how many services start at the same time (default: CPU cores, here "
                    + Runtime.getRuntime().availableProcessors() + ")",
            "  --instances N           run N copies of every service (default: 1); copy k listens on the service's",
            "                          port + 100*(k-1), e.g. intake-service on 8081 and 8181",
            "  --no-restart            do not restart a service that exits on its own (default: restart it)",
            "  --no-demo-credentials   do not let the demo users and API keys of the README sign in (configure",
            "                          CLOSEDLOOP_SECURITY_USERS_*/API_KEYS_* or a JWT issuer instead)",
            "  --service-xmx SIZE      maximum heap of each service JVM (default: 384m)",
            "  --no-cds                start the services without class-data sharing (by default each service's",
            "                          classes are archived when it stops and mapped at its next start: about",
            "                          half the start-up time)",
            "  --no-late-c2            leave the JIT compiler's thresholds at the JDK's defaults (by default a",
            "                          service compiles with C2 only what stays hot after its start: a faster",
            "                          start and warm-up, see docs/benchmarks.md)",
            "  --kafka-xmx SIZE        maximum heap of the Kafka JVM (default: 512m)",
            "  --help");

    /** Command-line options. */
    static final class Options {
        Path dataDir = Path.of("data");
        Path projectDir = Path.of(".");
        int kafkaPort = 9092;
        int postgresPort = 5432;
        int smtpPort = LocalMailServer.DEFAULT_SMTP_PORT;
        int imapPort = LocalMailServer.DEFAULT_IMAP_PORT;
        List<ServiceSpec> services = SERVICES;
        Duration healthTimeout = Duration.ofSeconds(120);
        String serviceXmx = "384m";
        String kafkaXmx = KafkaBroker.DEFAULT_MAX_HEAP;
        int parallel = Math.max(1, Runtime.getRuntime().availableProcessors());
        int instances = 1;
        boolean restart = true;
        boolean demoCredentials = true;
        boolean classDataSharing = true;
        boolean lateC2 = true;
        boolean help;

        static Options parse(String... args) {
            Options options = new Options();
            Set<String> only = null;
            boolean noServices = false;
            Map<String, Integer> servicePorts = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help", "-h" -> options.help = true;
                    case "--no-services" -> noServices = true;
                    case "--no-restart" -> options.restart = false;
                    case "--no-demo-credentials" -> options.demoCredentials = false;
                    case "--no-cds" -> options.classDataSharing = false;
                    case "--no-late-c2" -> options.lateC2 = false;
                    case "--instances" -> {
                        options.instances = positive(value != null ? value : next(args, ++i, arg), arg);
                        if (options.instances > 9) {
                            throw new IllegalArgumentException("--instances: at most 9, not " + options.instances);
                        }
                    }
                    case "--data-dir" -> options.dataDir = Path.of(value != null ? value : next(args, ++i, arg));
                    case "--project-dir" -> options.projectDir = Path.of(value != null ? value : next(args, ++i, arg));
                    case "--kafka-port" -> options.kafkaPort = port(value != null ? value : next(args, ++i, arg), arg);
                    case "--postgres-port" -> options.postgresPort = port(value != null ? value : next(args, ++i, arg), arg);
                    case "--smtp-port" -> options.smtpPort = port(value != null ? value : next(args, ++i, arg), arg);
                    case "--imap-port" -> options.imapPort = port(value != null ? value : next(args, ++i, arg), arg);
                    case "--health-timeout" -> options.healthTimeout =
                            Duration.ofSeconds(positive(value != null ? value : next(args, ++i, arg), arg));
                    case "--parallel" -> options.parallel = positive(value != null ? value : next(args, ++i, arg), arg);
                    case "--service-xmx" -> options.serviceXmx = value != null ? value : next(args, ++i, arg);
                    case "--kafka-xmx" -> options.kafkaXmx = value != null ? value : next(args, ++i, arg);
                    case "--service-port" -> {
                        String spec = value != null ? value : next(args, ++i, arg);
                        int at = spec.indexOf('=');
                        if (at <= 0) {
                            throw new IllegalArgumentException("--service-port wants SERVICE=PORT, not " + spec);
                        }
                        servicePorts.put(spec.substring(0, at).trim(), port(spec.substring(at + 1).trim(), arg));
                    }
                    case "--only" -> {
                        only = new LinkedHashSet<>();
                        for (String name : (value != null ? value : next(args, ++i, arg)).split(",")) {
                            if (!name.isBlank()) {
                                only.add(name.trim());
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]);
                }
            }
            Set<String> known = SERVICES.stream().map(ServiceSpec::name).collect(Collectors.toSet());
            for (String name : servicePorts.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown service in --service-port: " + name
                            + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
            options.services = SERVICES.stream()
                    .map(s -> new ServiceSpec(s.name(), servicePorts.getOrDefault(s.name(), s.port()), s.database()))
                    .toList();
            if (only != null) {
                List<String> unknown = only.stream().filter(name -> !known.contains(name)).toList();
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException("unknown service(s) in --only: " + String.join(", ", unknown)
                            + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
                Set<String> selected = only;
                options.services = options.services.stream().filter(s -> selected.contains(s.name())).toList();
            }
            if (noServices) {
                options.services = List.of();
            }
            if (new java.util.HashSet<>(List.of(options.kafkaPort, options.postgresPort, options.smtpPort,
                    options.imapPort)).size() < 4) {
                throw new IllegalArgumentException("--kafka-port, --postgres-port, --smtp-port and --imap-port must differ");
            }
            return options;
        }

        /** Every copy of every selected service, first copies first (they create the topics and run migrations). */
        List<Instance> instanceList() {
            List<Instance> all = new ArrayList<>();
            for (int k = 1; k <= instances; k++) {
                for (ServiceSpec spec : services) {
                    all.add(new Instance(spec, k));
                }
            }
            return all;
        }

        private static String next(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String value, String option) {
            int port = positive(value, option);
            if (port > 65535) {
                throw new IllegalArgumentException(option + ": not a port: " + value);
            }
            return port;
        }

        private static int positive(String value, String option) {
            try {
                int n = Integer.parseInt(value);
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not a positive number: " + value);
            }
        }
    }

    /** A service child process. */
    static final class RunningService {
        final Instance instance;
        final ServiceSpec spec;
        final Process process;
        final Path logFile;
        final long startedAtNanos = System.nanoTime();
        /** whether this JVM writes its service's class-data archive when it exits (ClassDataSharing) */
        volatile boolean writesClassArchive;

        RunningService(Instance instance, Process process, Path logFile) {
            this.instance = instance;
            this.spec = instance.spec();
            this.process = process;
            this.logFile = logFile;
        }
    }

    private final Options options;
    private final Path dataDir;
    private final Path logDir;
    private final PrintStream out;
    private final Thread shutdownHook = new Thread(this::closeQuietly, "closed-loop-shutdown");
    private final List<RunningService> services = Collections.synchronizedList(new ArrayList<>());
    private volatile LocalPostgres postgres;
    private volatile KafkaBroker kafka;
    private volatile LocalMailServer mailServer;
    /** between the services and the mail server: the fault suite slows the mail server down here */
    private volatile DelayingMailRelay mailRelay;
    private volatile FaultControl faultControl;
    private final java.util.concurrent.ScheduledExecutorService controller =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "closed-loop-fault-control");
                thread.setDaemon(true);
                return thread;
            });
    private volatile boolean closed;
    private volatile boolean ownsInfrastructure = true;
    private volatile Map<ServiceSpec, Path> jars = Map.of();
    /** {@link ParentWatchingMain} alone in a jar, in front of every service's class path */
    private volatile Path parentWatchJar;
    /** null with --no-cds */
    private volatile ClassDataSharing classDataSharing;

    private LocalPlatform(Options options, PrintStream out) {
        this.options = options;
        this.dataDir = options.dataDir.toAbsolutePath().normalize();
        this.logDir = dataDir.resolve("logs");
        this.out = out;
    }

    public static void main(String[] args) {
        // the launcher's own logging (zonky) through slf4j-simple: warnings only, unless asked otherwise
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        LocalPlatform platform;
        try {
            platform = start(options, System.out);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("Closed Loop did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        platform.printSummary();
        System.out.println("Closed Loop is running. Ctrl-C stops it.");
        System.out.flush();
        platform.watchUntilShutdown();
    }

    /** Starts the platform as {@link #main} would, without blocking; {@link #close()} stops it. */
    public static LocalPlatform start(String... args) {
        return start(Options.parse(args), System.out);
    }

    static LocalPlatform start(Options options, PrintStream out) {
        LocalPlatform platform = new LocalPlatform(options, out);
        // everything that can be checked before starting anything is checked first
        Map<ServiceSpec, Path> jars = platform.locateJars();
        // a launcher killed with kill -9 leaves PostgreSQL running (and Kafka shutting down): clear them first
        LocalPostgres.stopOrphanedServer(platform.dataDir.resolve("postgres"));
        KafkaBroker.stopOrphanedBroker(platform.dataDir.resolve("kafka"));
        platform.checkPorts(true);
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.startInfrastructure();
            platform.startServices(jars);
            platform.startSupervising();
            platform.startFaultControl();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Starts only the services, against a Kafka broker and PostgreSQL that already run (e.g. the
     * {@link SharedTestInfrastructure}); {@link #close()} then stops the services and leaves those two running.
     * The infrastructure port options are ignored.
     */
    static LocalPlatform startServices(KafkaBroker kafka, LocalPostgres postgres, Options options, PrintStream out) {
        LocalPlatform platform = new LocalPlatform(options, out);
        Map<ServiceSpec, Path> jars = platform.locateJars();
        platform.checkPorts(false);
        platform.ownsInfrastructure = false;
        platform.kafka = kafka;
        platform.postgres = postgres;
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.createLogDir();
            for (ServiceSpec spec : SERVICES) {
                postgres.createDatabaseIfMissing(spec.database());
            }
            platform.startServices(jars);
            platform.startSupervising();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The platform's mail server; null when only the services were started ({@link #startServices}). */
    public LocalMailServer mailServer() {
        return mailServer;
    }

    /** The relay the services send mail through (the fault suite slows it down); null without a mail server. */
    public DelayingMailRelay mailRelay() {
        return mailRelay;
    }

    /** Instance label ({@code intake-service}, {@code intake-service#2}) to process id of the running services. */
    public Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        synchronized (services) {
            services.forEach(s -> pids.put(s.instance.label(), s.process.pid()));
        }
        return pids;
    }

    public Path dataDir() {
        return dataDir;
    }

    private Map<ServiceSpec, Path> locateJars() {
        Path projectDir = options.projectDir.toAbsolutePath().normalize();
        Map<ServiceSpec, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ServiceSpec spec : options.services) {
            Path jar = projectDir.resolve(spec.name()).resolve("target").resolve(spec.name() + "-" + VERSION + ".jar");
            if (Files.isRegularFile(jar)) {
                jars.put(spec, jar);
            } else {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing service jar(s):" + System.lineSeparator() + "  "
                    + String.join(System.lineSeparator() + "  ", missing) + System.lineSeparator()
                    + "Build them from the project root (" + projectDir + ") with: " + BUILD_COMMAND
                    + System.lineSeparator() + "(or pass --project-dir, --only SERVICES, or --no-services)");
        }
        return jars;
    }

    private void checkPorts(boolean infrastructure) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        if (infrastructure) {
            ports.put(options.postgresPort, "PostgreSQL (--postgres-port)");
            ports.put(options.kafkaPort, "Kafka (--kafka-port)");
            ports.put(options.smtpPort, "SMTP (--smtp-port)");
            ports.put(options.imapPort, "IMAP (--imap-port)");
        }
        for (Instance instance : options.instanceList()) {
            String previous = ports.putIfAbsent(instance.port(), instance.label());
            if (previous != null) {
                throw new IllegalStateException("port " + instance.port() + " is wanted by both " + previous + " and "
                        + instance.label());
            }
        }
        List<String> busy = new ArrayList<>();
        ports.forEach((port, owner) -> {
            if (!ChildProcesses.isPortFree(port)) {
                busy.add("port " + port + " for " + owner);
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException("already in use: " + String.join("; ", busy)
                    + ". Stop whatever listens there (e.g. `ss -ltnp`), or choose other ports.");
        }
    }

    private void createLogDir() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
    }

    private void startInfrastructure() {
        createLogDir();
        out.println("Starting PostgreSQL on port " + options.postgresPort + " and Kafka on port " + options.kafkaPort
                + " (data in " + dataDir + ") ...");
        long begin = System.nanoTime();
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(() -> {
            LocalPostgres started = LocalPostgres.start(dataDir.resolve("postgres"), options.postgresPort, true,
                    logDir.resolve("postgres.log"), false);
            postgres = started;
            return started;
        });
        RuntimeException failure = null;
        if (options.classDataSharing) {
            Path launcherFiles = dataDir.resolve("launcher");
            classDataSharing = new ClassDataSharing(launcherFiles.resolve("cds"),
                    ClassDataSharing.parentWatchJar(launcherFiles.resolve("parent-watch.jar")));
        }
        try {
            kafka = KafkaBroker.start(dataDir.resolve("kafka"), options.kafkaPort, options.kafkaXmx, false,
                    classDataSharing);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            pg.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
        for (ServiceSpec spec : SERVICES) {
            postgres.createDatabaseIfMissing(spec.database());
        }
        // before the services: intake reads the complaints mailbox, intake and feedback send mail to it
        mailServer = LocalMailServer.start(options.smtpPort, options.imapPort);
        mailRelay = DelayingMailRelay.start(0, mailServer.host(), mailServer.smtpPort());
        out.printf(Locale.ROOT, "PostgreSQL (%.1f s), Kafka (%.1f s) and the mail server are up after %.1f s.%n",
                postgres.startupDuration().toMillis() / 1000.0, kafka.lastStartupDuration().toMillis() / 1000.0,
                (System.nanoTime() - begin) / 1e9);
    }

    /**
     * Starts the services at most {@code --parallel} at a time (default: one per CPU core; five Spring Boot
     * JVMs starting at once on two cores all crawl), each given {@code --health-timeout} from its own launch.
     */
    private void startServices(Map<ServiceSpec, Path> jars) {
        if (jars.isEmpty()) {
            return;
        }
        this.jars = jars;
        this.parentWatchJar = ClassDataSharing.parentWatchJar(dataDir.resolve("launcher").resolve("parent-watch.jar"));
        ClassDataSharing cds = classDataSharing;
        if (cds != null) {
            long archived = jars.keySet().stream().filter(spec -> cds.hasArchive(spec.name())).count();
            out.println(archived == jars.size()
                    ? "Class-data sharing: every service maps the classes archived by its last run (--no-cds: off)."
                    : "Class-data sharing: " + (jars.size() - archived) + " service(s) archive their classes when "
                    + "Closed Loop stops; they start about twice as fast from then on (--no-cds: off).");
        }
        List<Instance> instances = options.instanceList();
        out.println("Starting " + instances.size() + " service instance(s), " + options.parallel
                + " at a time; each may take up to " + options.healthTimeout.toSeconds()
                + " s to report UP on /actuator/health ...");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Deque<Instance> queue = new ArrayDeque<>(instances);
        Map<RunningService, Long> starting = new LinkedHashMap<>();
        long begin = System.nanoTime();
        while (!queue.isEmpty() || !starting.isEmpty()) {
            while (starting.size() < options.parallel && !queue.isEmpty()) {
                RunningService service = launch(queue.poll());
                services.add(service);
                writeInstancesFile();
                starting.put(service, System.nanoTime());
            }
            for (Map.Entry<RunningService, Long> entry : List.copyOf(starting.entrySet())) {
                RunningService service = entry.getKey();
                if (!service.process.isAlive()) {
                    throw new IllegalStateException(service.instance.label() + " exited with code "
                            + service.process.exitValue() + " before it became healthy. Tail of " + service.logFile
                            + ":" + System.lineSeparator() + ChildProcesses.tail(service.logFile, 60));
                }
                boolean up = isUp(http, service.instance.port());
                long now = System.nanoTime();
                if (up) {
                    starting.remove(service);
                    out.printf(Locale.ROOT, "  %-20s UP after %.1f s (%.1f s since the first launch)%n",
                            service.instance.label(), (now - entry.getValue()) / 1e9, (now - begin) / 1e9);
                } else if (now - entry.getValue() > options.healthTimeout.toNanos()) {
                    throw new IllegalStateException(service.instance.label() + " did not report UP on http://localhost:"
                            + service.instance.port() + "/actuator/health within " + options.healthTimeout.toSeconds()
                            + " s (--health-timeout). Tail of " + service.logFile + ":" + System.lineSeparator()
                            + ChildProcesses.tail(service.logFile, 60));
                }
            }
            if (!starting.isEmpty()) {
                ChildProcesses.sleep(500);
            }
        }
    }

    private RunningService launch(Instance instance) {
        ServiceSpec spec = instance.spec();
        Path jar = jars.get(spec);
        Path logFile = logDir.resolve(instance.logFileName());
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add("-Xmx" + options.serviceXmx);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        if (options.lateC2) {
            command.addAll(LATE_C2);
        }
        String mainClass = mainClass(jar);
        ClassDataSharing cds = classDataSharing;
        Optional<ClassDataSharing.Launch> shared = cds == null ? Optional.empty()
                : cds.prepare(spec.name(), jar, instance.number() == 1);
        if (shared.isPresent()) {
            // the extracted jar (its Class-Path names lib/), with ParentWatchingMain in front, as below
            command.addAll(shared.get().jvmOptions());
            command.add("-cp");
            command.add(cds.parentWatchJar() + File.pathSeparator + shared.get().appJar());
            command.add(ParentWatchingMain.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(shared.get().mainClass());
        } else if (mainClass != null) {
            // same as `java -jar`, with ParentWatchingMain in front: the service ends if this launcher is killed
            command.add("-cp");
            command.add(parentWatchJar + File.pathSeparator + jar);
            command.add(ParentWatchingMain.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(mainClass);
        } else {
            command.add("-jar");
            command.add(jar.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(instance.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl(spec.database()));
        env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
        env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        if (options.demoCredentials) {
            // the demo users and API keys of the README (shared-security's DemoCredentials), so that a new user can
            // sign in as every role at once; public knowledge, hence never in a real deployment
            env.put("CLOSEDLOOP_SECURITY_DEMO_CREDENTIALS", "true");
        }
        if (spec.name().equals("feedback-service")) {
            // complainants are sealed in the stream and only intake holds the keys: feedback asks any intake copy
            List<String> intakeUrls = new ArrayList<>();
            for (int n = 1; n <= options.instances; n++) {
                intakeUrls.add("http://localhost:" + new Instance(SERVICES.get(0), n).port());
            }
            env.put("CLOSEDLOOP_FEEDBACK_INTAKE_URLS", String.join(",", intakeUrls));
            if (options.demoCredentials) {
                env.put("CLOSEDLOOP_FEEDBACK_INTAKE_API_KEY", "demo-feedback-service-key");
            }
        }
        if (spec.name().equals("intake-service")) {
            // the master keys that wrap every complainant's key, made on the first start and kept in the data dir
            env.put("CLOSEDLOOP_INTAKE_PERSONALDATA_MASTERKEYSFILE",
                    PersonalDataMasterKeys.ensure(dataDir).toString());
            // a stable id per copy names the relay's Kafka transactions: a copy restarted after a crash fences the
            // transaction its dead predecessor left open at once, instead of readers waiting for it to time out
            env.put("CLOSEDLOOP_INTAKE_RELAY_INSTANCE_ID", "local-" + instance.number());
        }
        if (mailServer != null) {
            // every service that sends mail sends it to the platform's mail server (feedback's result letters,
            // intake's acknowledgements), where anyone can read it over IMAP
            env.put("SPRING_MAIL_HOST", "localhost");
            // through the relay, which passes mail straight on unless the fault suite slows it down
            env.put("SPRING_MAIL_PORT", Integer.toString(mailRelay != null ? mailRelay.port() : mailServer.smtpPort()));
            if (spec.name().equals("intake-service")) {
                // the local profile reads the complaints mailbox of the platform's mail server
                env.put("SPRING_PROFILES_ACTIVE", "local");
                env.put("CLOSEDLOOP_INTAKE_EMAIL_IMAP_HOST", "localhost");
                env.put("CLOSEDLOOP_INTAKE_EMAIL_IMAP_PORT", Integer.toString(mailServer.imapPort()));
                // the acknowledgement links to the status page where this intake actually listens
                env.put("CLOSEDLOOP_INTAKE_EMAIL_ACK_STATUS_PAGE_URL", "http://localhost:" + instance.port() + "/status.html");
            }
            if (spec.name().equals("feedback-service")) {
                // the journal mailbox: every mail feedback sends is copied there, and a mail whose hand-over had no
                // recorded outcome (a kill -9, PostgreSQL away) is looked up there before it is sent again
                env.put("CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_ADDRESS", LocalMailServer.FEEDBACK_JOURNAL_ADDRESS);
                env.put("CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_HOST", "localhost");
                env.put("CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PORT", Integer.toString(mailServer.imapPort()));
                env.put("CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_USER", LocalMailServer.FEEDBACK_JOURNAL_ADDRESS);
                env.put("CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PASSWORD", LocalMailServer.FEEDBACK_JOURNAL_PASSWORD);
            }
        }
        try {
            Files.writeString(logFile, "==== starting " + instance.label() + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            RunningService running = new RunningService(instance, builder.start(), logFile);
            running.writesClassArchive = shared.isPresent()
                    && shared.get().jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + command, e);
        }
    }

    /** The jar's Main-Class (Spring Boot's launcher for a Boot jar), or null if it has none. */
    static String mainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    static boolean isUp(HttpClient http, int port) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void printSummary() {
        String format = "%-20s %-40s %-8s %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "SERVICE", "URL", "PID", "LOG");
        out.printf(Locale.ROOT, format, "postgresql", "jdbc:postgresql://localhost:" + postgres.port() + "/<db>",
                postgres.pid(), logDir.resolve("postgres.log"));
        out.printf(Locale.ROOT, format, "kafka", kafka.bootstrapServers(), kafka.pid(), kafka.logFile());
        if (mailServer != null) {
            out.printf(Locale.ROOT, format, "mail (SMTP, IMAP)", "localhost:" + mailServer.smtpPort() + ", localhost:"
                    + mailServer.imapPort(), "-", "(in this JVM, in memory)");
            if (mailRelay != null) {
                out.printf(Locale.ROOT, format, "mail relay (services)", "localhost:" + mailRelay.port(), "-",
                        "(in this JVM; " + dataDir.resolve("control") + " can slow it down)");
            }
        }
        synchronized (services) {
            for (RunningService service : services) {
                out.printf(Locale.ROOT, format, service.instance.label(), "http://localhost:" + service.instance.port(),
                        service.process.pid(), service.logFile);
            }
        }
        out.println();
        out.println("Databases: " + SERVICES.stream().map(ServiceSpec::database).collect(Collectors.joining(", "))
                + " (user " + postgres.username() + ", password " + postgres.password() + ")");
        if (options.demoCredentials) {
            out.println("Sign in with the demo users and keys of the README, e.g. supervisor / supervisor-demo in a"
                    + " browser, or the header X-Api-Key: demo-admin-key from a script.");
        }
        if (mailServer != null) {
            out.println("Complaints by mail: swaks --to " + LocalMailServer.COMPLAINTS_ADDRESS + " --server localhost:"
                    + mailServer.smtpPort() + " (IMAP login " + LocalMailServer.COMPLAINTS_ADDRESS + ", password "
                    + LocalMailServer.COMPLAINTS_PASSWORD + "; any other address: login and password are the address)");
        }
    }

    /** Blocks until the JVM shuts down, reporting a Kafka broker that is gone (services are supervised). */
    private void watchUntilShutdown() {
        boolean reported = false;
        while (!closed) {
            FaultControl control = faultControl;
            if (kafka != null && !kafka.isRunning() && !closed && !reported
                    && (control == null || !control.isHeldStopped("kafka"))) {
                reported = true;
                System.err.println("WARNING: the Kafka broker is gone. Tail of " + kafka.logFile() + ":"
                        + System.lineSeparator() + ChildProcesses.tail(kafka.logFile(), 30));
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Once every service is up: every second, looks for an instance that exited on its own (a crash, an
     * out-of-memory exit, {@code kill -9}) and starts it again, as an orchestrator would, unless
     * {@code --no-restart}. An instance that keeps dying within a minute of its start is given up after
     * {@value #MAX_QUICK_RESTARTS} tries, with its log's tail, so a broken configuration does not loop forever.
     */
    private void startSupervising() {
        supervisor.scheduleWithFixedDelay(this::superviseOnce, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * {@code <data-dir>/control/}: files that stop and start Kafka and PostgreSQL and slow the mail server down
     * (see {@link FaultControl}); for the fault suite and for an operator rehearsing the runbook.
     */
    private void startFaultControl() {
        Path logFile = logDir.resolve("postgres.log");
        FaultControl.Part broker = new FaultControl.Part() {
            public String name() {
                return "kafka";
            }

            public int port() {
                return kafka.port();
            }

            public boolean isRunning() {
                return kafka.isRunning();
            }

            public void stop() {
                kafka.stop();
            }

            public void start() {
                kafka.restart(); // same port, same data directory; waits until the broker is ready
            }
        };
        FaultControl.Part database = new FaultControl.Part() {
            public String name() {
                return "postgres";
            }

            public int port() {
                return options.postgresPort;
            }

            public boolean isRunning() {
                LocalPostgres pg = postgres;
                return pg != null && pg.isRunning();
            }

            public void stop() {
                postgres.stop(); // fast shutdown: open transactions are rolled back, as when a database fails
            }

            public void start() {
                postgres = LocalPostgres.start(dataDir.resolve("postgres"), options.postgresPort, true, logFile, false);
            }
        };
        faultControl = new FaultControl(dataDir.resolve("control"), List.of(broker, database), mailRelay,
                mailServer != null ? mailServer.imapPort() : 0, out);
        controller.scheduleWithFixedDelay(() -> {
            if (!closed) {
                faultControl.checkOnce();
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static final int MAX_QUICK_RESTARTS = 5;
    private static final Duration QUICK_EXIT = Duration.ofMinutes(1);

    private final java.util.concurrent.ScheduledExecutorService supervisor =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "closed-loop-supervisor");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.ExecutorService restarts = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "closed-loop-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<RunningService> handledExits = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, Integer> quickExits = new java.util.concurrent.ConcurrentHashMap<>();

    private void superviseOnce() {
        if (closed) {
            return;
        }
        List<RunningService> exited;
        synchronized (services) {
            exited = services.stream().filter(s -> !s.process.isAlive() && !handledExits.contains(s)).toList();
        }
        for (RunningService service : exited) {
            handledExits.add(service);
            if (closed) {
                return;
            }
            String label = service.instance.label();
            boolean quick = System.nanoTime() - service.startedAtNanos < QUICK_EXIT.toNanos();
            int quickCount = quick ? quickExits.merge(label, 1, Integer::sum) : quickExits.compute(label, (k, v) -> 0);
            System.err.println("WARNING: " + label + " (pid " + service.process.pid() + ") exited with code "
                    + service.process.exitValue() + ". Tail of " + service.logFile + ":"
                    + System.lineSeparator() + ChildProcesses.tail(service.logFile, 30));
            if (!options.restart) {
                continue;
            }
            if (quickCount >= MAX_QUICK_RESTARTS) {
                System.err.println("WARNING: " + label + " exited " + quickCount + " times within a minute of its start;"
                        + " not restarting it again. Fix the cause (see " + service.logFile + ") and restart the platform.");
                continue;
            }
            // each restart on its own thread: the check kills one instance of every service at once
            restarts.execute(() -> restart(service));
        }
    }

    /** Starts a new process for the instance, on the same port, and waits (on the supervisor) until it is UP. */
    private void restart(RunningService exited) {
        Instance instance = exited.instance;
        out.println("Restarting " + instance.label() + " on port " + instance.port() + " ...");
        long begin = System.nanoTime();
        // the old process may still hold its port for a moment after it died
        while (!ChildProcesses.isPortFree(instance.port()) && System.nanoTime() - begin < Duration.ofSeconds(30).toNanos()) {
            ChildProcesses.sleep(200);
        }
        RunningService replacement;
        synchronized (this) { // not while close() stops everything: a process started then would be left behind
            if (closed) {
                return;
            }
            replacement = launch(instance);
            synchronized (services) {
                services.set(services.indexOf(exited), replacement);
            }
        }
        writeInstancesFile();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean warned = false;
        // keeps watching after --health-timeout (a loaded machine restarting several JVMs at once is slow), until
        // the instance is UP or dies (then the supervisor sees it again)
        while (!closed && replacement.process.isAlive()) {
            if (isUp(http, instance.port())) {
                out.printf(Locale.ROOT, "  %-20s UP again after %.1f s (pid %d)%n", instance.label(),
                        (System.nanoTime() - begin) / 1e9, replacement.process.pid());
                return;
            }
            if (!warned && System.nanoTime() - begin > options.healthTimeout.toNanos()) {
                warned = true;
                System.err.println("WARNING: " + instance.label() + " did not report UP within "
                        + options.healthTimeout.toSeconds() + " s of its restart; still waiting. See " + replacement.logFile);
            }
            ChildProcesses.sleep(500);
        }
    }

    /**
     * {@code <data-dir>/instances.tsv}: service, instance, port, pid and log of every running instance, rewritten
     * whenever one starts. Scripts (the scale-out check, an operator's {@code kill}) find the processes there.
     */
    public Path instancesFile() {
        return dataDir.resolve("instances.tsv");
    }

    private synchronized void writeInstancesFile() { // restarts run in parallel; one temp file
        StringBuilder tsv = new StringBuilder("service\tinstance\tport\tpid\tlog\n");
        synchronized (services) {
            for (RunningService s : services) {
                tsv.append(s.spec.name()).append('\t').append(s.instance.number()).append('\t')
                        .append(s.instance.port()).append('\t').append(s.process.pid()).append('\t')
                        .append(s.logFile).append('\n');
            }
        }
        Path file = instancesFile();
        Path temporary = file.resolveSibling("instances.tsv.tmp");
        try {
            Files.writeString(temporary, tsv, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("WARNING: cannot write " + file + ": " + e);
        }
    }

    /** Stops the services (in parallel, gracefully, 30 s each at most, 90 s for one writing its class-data archive), then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        supervisor.shutdownNow();
        restarts.shutdownNow();
        controller.shutdownNow();
        List<RunningService> running;
        synchronized (services) {
            running = new ArrayList<>(services);
        }
        if (!running.isEmpty()) {
            long begin = System.nanoTime();
            out.print("Stopping " + running.stream().map(s -> s.instance.label()).collect(Collectors.joining(", ")) + " ... ");
            out.flush();
            ClassDataSharing sharing = classDataSharing;
            CompletableFuture.allOf(running.stream()
                    .map(s -> CompletableFuture.runAsync(() -> ChildProcesses.terminate(s.process.toHandle(),
                            // a copy writing its class-data archive on the way out needs longer (measured: up to
                            // 30 s for five at once on two cores); cut short, the archive is simply not kept
                            s.writesClassArchive ? Duration.ofSeconds(90) : Duration.ofSeconds(30))))
                    .toArray(CompletableFuture[]::new)).join();
            out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - begin) / 1e9);
            if (sharing != null) {
                // the copy that wrote a service's archive on its way out: kept only if it exited cleanly
                running.stream().filter(s -> s.writesClassArchive && !s.process.isAlive())
                        .forEach(s -> sharing.archiveWritten(s.spec.name(), s.process.exitValue()));
            }
        }
        if (mailRelay != null) {
            mailRelay.close();
        }
        if (mailServer != null && ownsInfrastructure) {
            mailServer.stop();
        }
        if (kafka != null && ownsInfrastructure) {
            long begin = System.nanoTime();
            out.print("Stopping Kafka ... ");
            out.flush();
            try {
                kafka.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop Kafka: " + e);
            }
            out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - begin) / 1e9);
        }
        if (postgres != null && ownsInfrastructure) {
            long begin = System.nanoTime();
            out.print("Stopping PostgreSQL ... ");
            out.flush();
            try {
                postgres.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop PostgreSQL: " + e);
            }
            out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - begin) / 1e9);
        }
        ChildProcesses.removeShutdownHook(shutdownHook);
        out.println("Closed Loop stopped.");
        out.flush();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("Error while stopping Closed Loop: " + e);
        }
    }

    @Override
    public String toString() {
        return "LocalPlatform[dataDir=" + dataDir + ", services=" + Arrays.toString(
                options.services.stream().map(ServiceSpec::name).toArray()) + "]";
    }
}
