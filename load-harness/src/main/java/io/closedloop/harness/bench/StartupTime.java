package io.closedloop.harness.bench;

import io.closedloop.harness.HarnessHttp;
import io.closedloop.harness.Options;
import io.closedloop.harness.PlatformInstances;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the one-command platform takes to be ready: from launching
 * {@code java -jar deploy/target/closed-loop-local-launcher.jar --data-dir DIR} to every service answering UP
 * on {@code /actuator/health}. Stops it afterwards (SIGTERM to the launcher it started) unless {@code --keep}.
 */
public final class StartupTime {

    static final List<String> SERVICES = List.of("intake-service", "routing-service", "sla-timer-service",
            "feedback-service", "analytics-service");

    private StartupTime() {
    }

    /** The harness's own options here; every other argument is handed to the launcher as it was given. */
    static final List<String> OWN_OPTIONS = List.of("--launcher", "--keep", "--api-key", "--timeout", "--results");

    public static int run(Options options, String[] args) throws Exception {
        Path dataDir = Path.of(options.get("data-dir", "/tmp/closed-loop-startup"));
        Path jar = Path.of(options.get("launcher", "deploy/target/closed-loop-local-launcher.jar"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString(), "--data-dir", dataDir.toString()));
        command.addAll(launcherArguments(args));
        boolean fresh = !Files.isDirectory(dataDir.resolve("postgres"));
        String load = Files.isReadable(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "?";
        Files.deleteIfExists(dataDir.resolve("instances.tsv"));
        Files.createDirectories(dataDir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        System.out.println("starting: " + String.join(" ", command));
        long start = System.nanoTime();
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("startup-launcher.log").toFile()).start();
        long deadline = start + Duration.ofSeconds(options.integer("timeout", 300)).toNanos();
        Double ready = null;
        while (System.nanoTime() < deadline && launcher.isAlive()) {
            if (allUp(http, dataDir)) {
                ready = (System.nanoTime() - start) / 1e9;
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        if (ready == null) {
            System.out.println("not ready: " + (launcher.isAlive() ? "timed out" : "the launcher exited with "
                    + launcher.exitValue()) + "; see " + dataDir.resolve("startup-launcher.log"));
        } else {
            System.out.printf(Locale.ROOT, "ready (every service UP) %.1f s after the command; target < 30 s: %s%n", ready,
                    ready < 30 ? "met" : "MISSED");
            if (options.flag("results")) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("startup", java.time.Clock.systemUTC().instant().toString());
                result.put("readySeconds", ready);
                result.put("freshDataDir", fresh);
                result.put("loadAverageAtStart", load);
                result.put("launcherArguments", launcherArguments(args));
                BenchResults.append(Path.of(options.get("results", "")), result);
            }
        }
        if (!options.flag("keep")) {
            launcher.destroy(); // SIGTERM: the launcher stops the services, Kafka and PostgreSQL
            launcher.waitFor();
        } else {
            System.out.println("left running: launcher pid " + launcher.pid());
        }
        return ready == null ? 1 : 0;
    }

    /** The arguments without the harness's own options and without --data-dir (given to the launcher first). */
    static List<String> launcherArguments(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            boolean own = OWN_OPTIONS.contains(args[i]) || args[i].equals("--data-dir");
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            if (own) {
                if (hasValue && !args[i].equals("--keep")) {
                    i++;
                }
            } else {
                rest.add(args[i]);
            }
        }
        return rest;
    }

    private static boolean allUp(HttpClient http, Path dataDir) {
        try {
            if (!Files.isRegularFile(dataDir.resolve("instances.tsv"))) {
                return false;
            }
            PlatformInstances instances = PlatformInstances.read(dataDir.resolve("instances.tsv"));
            for (String service : SERVICES) {
                if (instances.of(service).isEmpty()) {
                    return false;
                }
                for (PlatformInstances.Instance i : instances.of(service)) {
                    HttpResponse<String> r = http.send(HarnessHttp.request(i.baseUrl() + "/actuator/health")
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().replace(" ", "").contains("\"status\":\"UP\"")) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
