package io.closedloop.routing.classify;

import java.util.SortedMap;

/**
 * What a saved model is and where it came from, written beside it as {@code manifest.json}.
 *
 * @param version        {@code text-model@<yyyyMMddHHmmss>-<first 8 hex of SHA-256 over model and vocabulary>};
 *                       recorded on every decision the model makes
 * @param createdAt      ISO-8601 instant of training
 * @param trainingFile   the CSV's file name (not its path: the manifest travels with the model)
 * @param labels         each label with its number of training rows
 * @param library        the ML library and its version
 * @param algorithm      the learner and its settings
 * @param crossValidation the cross-validated figures, when training was asked to compute them, else null
 */
public record ModelManifest(
        String version,
        String createdAt,
        String trainingFile,
        int rows,
        SortedMap<String, Integer> labels,
        String library,
        String algorithm,
        Features features,
        CrossValidationSummary crossValidation) {

    /** The feature settings and the size of the vocabulary learnt. */
    public record Features(String kinds, int minDocumentFrequency, String weighting, int vocabulary) {
    }

    /** Mean and standard deviation over the folds. */
    public record CrossValidationSummary(int folds, long seed, double accuracyMean, double accuracyStd,
                                         double macroF1Mean, double macroF1Std) {
    }

    ModelManifest withCrossValidation(CrossValidationSummary summary) {
        return new ModelManifest(version, createdAt, trainingFile, rows, labels, library, algorithm, features, summary);
    }
}
