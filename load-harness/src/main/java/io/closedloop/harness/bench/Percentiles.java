package io.closedloop.harness.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * p50 / p95 / p99 / max of a set of durations in milliseconds, by the nearest-rank method (the value at rank
 * ceil(p * n)): every reported figure is one that was actually measured, never an interpolation.
 */
public record Percentiles(int count, long p50, long p95, long p99, long max) {

    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    public static Percentiles of(Collection<Long> millis) {
        return of(millis.stream().mapToLong(Long::longValue).toArray());
    }

    public static Percentiles of(long[] millis) {
        if (millis.length == 0) {
            return NONE;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    static long rank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    @Override
    public String toString() {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%s / %s / %s / %s  (n=%,d)", ms(p50), ms(p95), ms(p99),
                ms(max), count);
    }

    static String ms(long millis) {
        return millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
