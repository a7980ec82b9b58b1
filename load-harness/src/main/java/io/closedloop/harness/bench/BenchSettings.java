package io.closedloop.harness.bench;

import io.closedloop.harness.Options;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bench command's options, checked: every mistake is reported with the option's name and the reason, all at
 * once, before anything is sent.
 */
public record BenchSettings(Path dataDir, Arrivals arrivals, double rate, double compress, int dayStartMinute,
        double durationSeconds, Path nyc311, Path chinese, double kafkaShare, int preload, long stored, int baseline,
        boolean baselines, boolean rebuild, boolean sla, int concurrency, int pollMillis, Path results, Path chart,
        int settleSeconds) {

    /** How complaints arrive. */
    public enum Arrivals { FIXED_RATE, NYC311_DAY, AS_FAST_AS_POSSIBLE }

    static final Set<String> KNOWN = Set.of("data-dir", "rate", "compress", "max", "day-start", "duration", "nyc311",
            "chinese", "kafka-share", "preload", "stored", "baseline", "no-baselines", "no-rebuild", "no-sla", "concurrency",
            "poll-ms", "results", "chart", "settle", "api-key");

    public static BenchSettings parse(Options options) {
        List<String> errors = new ArrayList<>();
        options.values().keySet().stream().filter(k -> !KNOWN.contains(k)).sorted()
                .forEach(k -> errors.add("--" + k + ": unknown option"));
        int modes = (options.flag("rate") ? 1 : 0) + (options.flag("compress") ? 1 : 0) + (options.flag("max") ? 1 : 0);
        if (modes > 1) {
            errors.add("--rate, --compress, --max: choose one");
        }
        Arrivals arrivals = options.flag("rate") ? Arrivals.FIXED_RATE
                : options.flag("max") ? Arrivals.AS_FAST_AS_POSSIBLE : Arrivals.NYC311_DAY;
        double rate = number(options, "rate", 100, 0.001, 1_000_000, errors);
        double compress = number(options, "compress", 1300, 0.001, 1_000_000, errors);
        double duration = number(options, "duration", 60, 1, 86_400, errors);
        double kafkaShare = number(options, "kafka-share", 0.5, 0, 1, errors);
        int preload = (int) number(options, "preload", 0, 0, 10_000_000, errors);
        long stored = (long) number(options, "stored", 0, 0, 100_000_000, errors);
        int baseline = (int) number(options, "baseline", 20_000, 1, 10_000_000, errors);
        int concurrency = (int) number(options, "concurrency", 64, 1, 10_000, errors);
        int pollMillis = (int) number(options, "poll-ms", 1000, 50, 60_000, errors);
        int settle = (int) number(options, "settle", 300, 1, 86_400, errors);
        int dayStart = 0;
        if (options.flag("day-start")) {
            try {
                LocalTime t = LocalTime.parse(options.get("day-start", ""));
                dayStart = t.getHour() * 60 + t.getMinute();
            } catch (DateTimeParseException e) {
                errors.add("--day-start: '" + options.get("day-start", "") + "' is not a time of day HH:MM");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), errors));
        }
        return new BenchSettings(Path.of(options.get("data-dir", "data")), arrivals, rate, compress, dayStart, duration,
                path(options, "nyc311"), path(options, "chinese"), kafkaShare, preload, stored, baseline,
                !options.flag("no-baselines"), !options.flag("no-rebuild"), !options.flag("no-sla"), concurrency,
                pollMillis, Path.of(options.get("results", "bench-results.jsonl")),
                Path.of(options.get("chart", "bench-chart.png")), settle);
    }

    private static Path path(Options options, String name) {
        return options.flag(name) ? Path.of(options.get(name, "")) : null;
    }

    private static double number(Options options, String name, double otherwise, double min, double max,
                                 List<String> errors) {
        if (!options.flag(name)) {
            return otherwise;
        }
        String value = options.get(name, "");
        try {
            double n = Double.parseDouble(value);
            if (n < min || n > max || Double.isNaN(n)) {
                errors.add(String.format(Locale.ROOT, "--%s: %s is out of range (%s to %s)", name, value, plain(min),
                        plain(max)));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add("--" + name + ": '" + value + "' is not a number");
            return otherwise;
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d) : Double.toString(d);
    }

    /** Whether complaint {@code n} goes through Kafka: spreads the share evenly (0.25 = every fourth). */
    public static boolean viaKafka(long n, double share) {
        return Math.floor((n + 1) * share) > Math.floor(n * share);
    }

    public String describeArrivals() {
        return switch (arrivals) {
            case FIXED_RATE -> String.format(Locale.ROOT, "%.0f/s for %.0f s", rate, durationSeconds);
            case AS_FAST_AS_POSSIBLE -> String.format(Locale.ROOT, "as fast as possible for %.0f s", durationSeconds);
            case NYC311_DAY -> String.format(Locale.ROOT, "the NYC 311 day from %02d:%02d compressed %.0f times, for %.0f s",
                    dayStartMinute / 60, dayStartMinute % 60, compress, durationSeconds);
        };
    }
}
