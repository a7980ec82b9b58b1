package io.closedloop.routing.models;

import java.util.Locale;

/**
 * Whether an automatically trained candidate replaces the active model: only if its cross-validated macro-F1 is
 * not below the active model's on the same folds by more than the tolerance. A small tolerance lets the model follow
 * new corrections (which may make the task harder, not the model worse) without letting it drift downwards.
 */
public final class ActivationGate {

    /** The answer and its reason, in words an operator reads in the model list. */
    public record Verdict(boolean activate, String reason) {
    }

    private ActivationGate() {
    }

    /**
     * @param baselineStamp the active model, e.g. {@code complaint-text@3}
     * @param folds         how many folds the two figures are means over
     */
    public static Verdict decide(double candidateMacroF1, double baselineMacroF1, double tolerance,
            String baselineStamp, int folds) {
        double difference = candidateMacroF1 - baselineMacroF1;
        String figures = String.format(Locale.ROOT, "cross-validated macro-F1 %.4f against %.4f for %s on the same %d "
                + "folds (%+.4f; tolerance %.4f)", candidateMacroF1, baselineMacroF1, baselineStamp, folds,
                difference, tolerance);
        // a hair of rounding must not decide: compare with a little slack below the tolerance
        return difference >= -tolerance - 1e-9
                ? new Verdict(true, figures)
                : new Verdict(false, figures + ": worse by more than the tolerance");
    }
}
