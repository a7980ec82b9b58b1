package io.closedloop.harness.bench;

import io.closedloop.harness.PlatformInstances;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the one-command platform's parts run, found from its data dir: the services in {@code instances.tsv};
 * Kafka, a child JVM of the launcher started with {@code KafkaBrokerMain <launcher pid> <data-dir>/kafka/server.properties},
 * its port in that file; PostgreSQL, daemonized by pg_ctl, its postmaster's pid and port in
 * {@code <data-dir>/postgres/postmaster.pid}, one child process per connection.
 */
public record PlatformProcesses(PlatformInstances services, String kafkaBootstrap, long kafkaPid, long launcherPid,
        int postgresPort, long postmasterPid) {

    static final String KAFKA_MAIN = "io.closedloop.deploy.KafkaBrokerMain";

    public static PlatformProcesses find(Path dataDir) throws IOException {
        PlatformInstances services = PlatformInstances.read(dataDir.resolve("instances.tsv"));
        Path serverProperties = dataDir.resolve("kafka").resolve("server.properties");
        Properties kafka = new Properties();
        try (InputStream in = Files.newInputStream(serverProperties)) {
            kafka.load(in);
        }
        String bootstrap = bootstrap(kafka.getProperty("advertised.listeners", kafka.getProperty("listeners", "")));
        Path realProperties = serverProperties.toRealPath();
        long kafkaPid = -1;
        long launcherPid = -1;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            List<String> args = commandLine(p.pid());
            int main = args.indexOf(KAFKA_MAIN);
            if (main >= 0 && main + 2 < args.size() && samePath(args.get(main + 2), realProperties)) {
                kafkaPid = p.pid();
                launcherPid = Long.parseLong(args.get(main + 1));
            }
        }
        List<String> postmaster = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"),
                StandardCharsets.UTF_8);
        return new PlatformProcesses(services, bootstrap, kafkaPid, launcherPid, Integer.parseInt(postmaster.get(3).trim()),
                Long.parseLong(postmaster.get(0).trim()));
    }

    /**
     * The process's arguments from {@code /proc/<pid>/cmdline}: ProcessHandle.Info gives none for a command line
     * as long as Kafka's (its classpath alone is tens of kilobytes).
     */
    static List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** "PLAINTEXT://localhost:9092" (the first listener) to "localhost:9092". */
    static String bootstrap(String listeners) {
        String first = listeners.split(",")[0].trim();
        int scheme = first.indexOf("://");
        return scheme < 0 ? first : first.substring(scheme + 3);
    }

    private static boolean samePath(String arg, Path real) {
        try {
            return Path.of(arg).toRealPath().equals(real);
        } catch (IOException e) {
            return false;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    /** CPU time so far and peak memory of every part, by name. PostgreSQL is the postmaster and its live children. */
    public Map<String, ProcessResources> snapshot() {
        Map<String, ProcessResources> all = new LinkedHashMap<>();
        services.all().forEach(i -> ProcessResources.read(i.pid()).ifPresent(r -> all.put(i.label(), r)));
        ProcessResources.read(kafkaPid).ifPresent(r -> all.put("kafka", r));
        ProcessResources.read(launcherPid).ifPresent(r -> all.put("launcher (mail server)", r));
        postgres().ifPresent(r -> all.put("postgresql", r));
        return all;
    }

    private Optional<ProcessResources> postgres() {
        Optional<ProcessResources> postmaster = ProcessResources.read(postmasterPid);
        if (postmaster.isEmpty()) {
            return Optional.empty();
        }
        long cpu = postmaster.get().cpuTicks();
        long children = postmaster.get().childCpuTicks();
        long rss = postmaster.get().rssKb();
        long peak = postmaster.get().peakRssKb();
        for (ProcessHandle child : ProcessHandle.of(postmasterPid).map(h -> h.children().toList()).orElse(List.of())) {
            Optional<ProcessResources> r = ProcessResources.read(child.pid());
            if (r.isPresent()) {
                cpu += r.get().cpuTicks();
                // the shared buffers are in every backend's resident set: the largest backend, not the sum
                rss = Math.max(rss, r.get().rssKb());
                peak = Math.max(peak, r.get().peakRssKb());
            }
        }
        return Optional.of(new ProcessResources(postmasterPid, cpu, children, rss, peak));
    }
}
