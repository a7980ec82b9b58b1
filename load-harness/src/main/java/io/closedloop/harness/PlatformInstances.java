package io.closedloop.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running service instances as the one-command launcher lists them in {@code <data-dir>/instances.tsv}
 * (service, instance, port, pid, log; rewritten whenever an instance starts or is restarted).
 */
public record PlatformInstances(List<Instance> all) {

    public record Instance(String service, int number, int port, long pid, String log) {

        public String baseUrl() {
            return "http://localhost:" + port;
        }

        public String label() {
            return number == 1 ? service : service + "#" + number;
        }
    }

    public static PlatformInstances read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist: start the platform first, e.g. "
                    + "deploy/run-local.sh --instances 2 --data-dir " + file.getParent());
        }
        List<Instance> instances = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            instances.add(new Instance(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), f[4]));
        }
        instances.sort(Comparator.comparing(Instance::service).thenComparingInt(Instance::number));
        return new PlatformInstances(List.copyOf(instances));
    }

    public List<Instance> of(String service) {
        return all.stream().filter(i -> i.service().equals(service)).toList();
    }

    Instance get(String service, int number) {
        return all.stream().filter(i -> i.service().equals(service) && i.number() == number).findFirst()
                .orElseThrow(() -> new IllegalStateException("no instance " + number + " of " + service));
    }

    /** Service name to its instances' base URLs, instance 1 first. */
    public Map<String, List<String>> urls() {
        Map<String, List<String>> urls = new LinkedHashMap<>();
        all.forEach(i -> urls.computeIfAbsent(i.service(), s -> new ArrayList<>()).add(i.baseUrl()));
        return urls;
    }
}
