package io.closedloop.harness;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code kill -9} of one instance of every service at once (the scale-out check's fault); the launcher restarts
 * them, and this waits until each is UP again.
 */
final class KillInstances implements Fault {

    private final int instance;

    KillInstances(int instance) {
        this.instance = instance;
    }

    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String description() {
        return "instance " + instance + " of every service is killed (kill -9)";
    }

    @Override
    public void inject(Context context) throws IOException {
        PlatformInstances before = PlatformInstances.read(context.dataDir().resolve("instances.tsv"));
        Instant killedAt = context.clock().instant();
        Map<String, Long> killed = new TreeMap<>();
        for (String service : CheckedLoad.SERVICES) {
            PlatformInstances.Instance victim = before.get(service, instance);
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            killed.put(victim.label(), victim.pid());
        }
        System.out.println("killed (kill -9) " + killed);
        Map<String, Duration> upAgain = new TreeMap<>();
        long deadline = System.nanoTime() + context.recoveryTimeout().toNanos();
        while (upAgain.size() < killed.size() && System.nanoTime() < deadline) {
            PlatformInstances now = PlatformInstances.read(context.dataDir().resolve("instances.tsv"));
            for (String service : CheckedLoad.SERVICES) {
                PlatformInstances.Instance current = now.get(service, instance);
                if (!upAgain.containsKey(current.label()) && current.pid() != killed.get(current.label())
                        && healthy(context, current)) {
                    Duration took = Duration.between(killedAt, context.clock().instant());
                    upAgain.put(current.label(), took);
                    System.out.printf(Locale.ROOT, "  %-20s UP again after %.1f s (pid %d)%n", current.label(),
                            took.toMillis() / 1000.0, current.pid());
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        if (upAgain.size() < killed.size()) {
            context.problems().add("not restarted within " + context.recoveryTimeout().toSeconds() + " s: "
                    + killed.keySet().stream().filter(k -> !upAgain.containsKey(k)).toList());
        }
    }

    static boolean healthy(Context context, PlatformInstances.Instance instance) {
        try {
            HttpResponse<String> response = context.http().send(HarnessHttp.request(instance.baseUrl() + "/actuator/health")
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
