package io.closedloop.routing.classify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Stratified k-fold cross-validation: each label's rows are shuffled with the seed and dealt round the folds, so
 * every fold holds about 1/k of every label and the same seed gives the same folds.
 */
public final class CrossValidation {

    /**
     * @param folds     each fold's accuracy and macro-F1, in fold order
     * @param pooled    the folds' confusion matrices added up: every row predicted exactly once, by a model that did
     *                  not see it
     * @param trainTime the time to train all k models (analysis, vocabulary and fitting)
     */
    public record Result(int k, long seed, List<Double> accuracies, List<Double> macroF1s, Evaluation pooled,
                         Duration trainTime) {

        public double accuracyMean() {
            return mean(accuracies);
        }

        public double accuracyStd() {
            return std(accuracies);
        }

        public double macroF1Mean() {
            return mean(macroF1s);
        }

        public double macroF1Std() {
            return std(macroF1s);
        }

        public ModelManifest.CrossValidationSummary summary() {
            return new ModelManifest.CrossValidationSummary(k, seed, accuracyMean(), accuracyStd(), macroF1Mean(),
                    macroF1Std());
        }
    }

    private CrossValidation() {
    }

    /** Rows split into k stratified folds (fold i holds the rows to test on in round i). */
    static List<List<LabelledText>> folds(List<LabelledText> rows, int k, long seed) {
        if (k < 2) {
            throw new InvalidInputException("cross-validation needs at least 2 folds, got " + k);
        }
        Map<String, List<LabelledText>> byLabel = new TreeMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
        List<String> tooFew = byLabel.entrySet().stream().filter(e -> e.getValue().size() < k)
                .map(e -> e.getKey() + " (" + e.getValue().size() + ")").toList();
        if (!tooFew.isEmpty()) {
            throw new InvalidInputException(k + "-fold cross-validation needs at least " + k
                    + " rows of every label; too few: " + String.join(", ", tooFew));
        }
        Random random = new Random(seed);
        List<List<LabelledText>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (List<LabelledText> group : byLabel.values()) {
            List<LabelledText> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (LabelledText row : shuffled) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        return folds;
    }

    /** Trains on k-1 folds and evaluates on the held-out one, k times, with a trainer from {@code trainers}. */
    public static Result run(List<LabelledText> rows, int k, long seed, Supplier<TextClassifierTrainer> trainers) {
        List<List<LabelledText>> folds = folds(rows, k, seed);
        List<Double> accuracies = new ArrayList<>();
        List<Double> macroF1s = new ArrayList<>();
        Evaluation pooled = null;
        long trainNanos = 0;
        for (int i = 0; i < k; i++) {
            List<LabelledText> train = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    train.addAll(folds.get(j));
                }
            }
            long start = System.nanoTime();
            TextClassifier model = trainers.get().train(train, "fold " + (i + 1) + " of " + k);
            trainNanos += System.nanoTime() - start;
            Evaluation fold = evaluate(model, folds.get(i));
            accuracies.add(fold.accuracy());
            macroF1s.add(fold.macroF1());
            pooled = pooled == null ? fold : pooled.plus(fold);
        }
        return new Result(k, seed, List.copyOf(accuracies), List.copyOf(macroF1s), pooled, Duration.ofNanos(trainNanos));
    }

    /** The model's predictions for the rows against their labels. */
    public static Evaluation evaluate(TextClassifier model, List<LabelledText> rows) {
        List<String> truth = new ArrayList<>(rows.size());
        List<String> predicted = new ArrayList<>(rows.size());
        for (LabelledText row : rows) {
            truth.add(row.label());
            predicted.add(model.classify(row.text()).label());
        }
        return Evaluation.of(truth, predicted);
    }

    static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** The sample standard deviation (n - 1) over the folds: with five folds, the wider and more honest spread. */
    static double std(List<Double> xs) {
        if (xs.size() < 2) {
            return 0;
        }
        double mean = mean(xs);
        double sum = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(sum / (xs.size() - 1));
    }
}
