package io.closedloop.analytics.hotspot;

/**
 * Whether a count is a sudden rise against a baseline rate: the chance of seeing at least {@code observed} events
 * from a Poisson process with the baseline's mean rate. Written here because it is one short loop; pulling in a
 * statistics library for it would not make it clearer.
 */
public final class SurgeTest {

    private SurgeTest() {
    }

    /** P(X >= observed) for X ~ Poisson(mean). */
    public static double upperTail(int observed, double mean) {
        if (observed <= 0) {
            return 1.0;
        }
        if (mean <= 0) {
            return 0.0;
        }
        // 1 - P(X <= observed - 1), summing the terms in log space so large counts do not overflow
        double logTerm = -mean; // log P(X = 0)
        double cdf = Math.exp(logTerm);
        for (int k = 1; k < observed; k++) {
            logTerm += Math.log(mean) - Math.log(k);
            cdf += Math.exp(logTerm);
        }
        return Math.max(0.0, 1.0 - cdf);
    }

    public static boolean isSurge(int observed, double baselineMean, int minCount, double pValue) {
        return observed >= minCount && upperTail(observed, baselineMean) < pValue;
    }
}
