package io.closedloop.routing.models;

import java.time.Instant;
import java.util.SortedMap;

/**
 * One stored text model version, without its bytes.
 *
 * @param stamp              {@code complaint-text@N}: what every decision it makes records
 * @param modelId            the classifier's own id ({@code text-model@<time>-<hash>})
 * @param trigger            why it was trained: {@code seed}, {@code request}, {@code corrections}, {@code schedule},
 *                           {@code import}
 * @param correctionsThrough the newest correction it learnt from (their {@code seq}), null for none
 * @param labelCounts        training rows per label
 * @param crossValidation    its cross-validated figures, null for an imported model
 * @param baselineVersion    the model active when it was trained, which it was compared with; null for the first
 * @param baselineMacroF1    that model's macro-F1 on the same folds
 * @param decision           whether it was activated when trained, and why
 */
public record StoredModel(int version, String stamp, String modelId, Instant trainedAt, String trainedBy,
        String trigger, int seedRows, int correctionRows, Long correctionsThrough,
        SortedMap<String, Integer> labelCounts, CrossValidated crossValidation, Integer baselineVersion,
        Double baselineMacroF1, String decision) {

    public static final String NAME = "complaint-text";

    public static String stamp(int version) {
        return NAME + "@" + version;
    }

    /** Mean and sample standard deviation over the folds. */
    public record CrossValidated(int folds, double accuracy, double accuracySd, double macroF1, double macroF1Sd) {
    }
}
