package io.closedloop.routing.classify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Compares a candidate training set with a baseline model on the same stratified folds of the candidate's data:
 * in round i both are tested on fold i, the candidate trained on the other folds, the baseline either retrained on
 * its own rows less those in fold i (so neither has seen what it is tested on) or, when its training rows are not
 * known, used as it is. The candidate's figures are its ordinary cross-validated accuracy and macro-F1.
 *
 * <p>Unlike {@link CrossValidation#run}, a label with fewer rows than folds is allowed: corrections may bring a new
 * category with a single example, and that must not stop a retraining. Such a label is tested in fewer folds.
 */
public final class ModelComparison {

    /**
     * A training row with a key naming where it came from (a line of the seed file, a complaint's correction): rows
     * with the same key in two data sets are the same text, whatever label each gives it.
     */
    public record KeyedText(String key, LabelledText row) {
    }

    /** What the baseline is in one round. */
    @FunctionalInterface
    public interface Baseline {
        /** The baseline model for a round whose test fold holds these keys. */
        TextClassifier forRound(Set<String> heldOutKeys);

        /** A model retrained, round by round, on its own rows less the held-out ones. */
        static Baseline retrainedOn(List<KeyedText> rows, Supplier<TextClassifierTrainer> trainers) {
            return heldOut -> trainers.get().train(rows.stream().filter(r -> !heldOut.contains(r.key()))
                    .map(KeyedText::row).toList(), "baseline rows");
        }

        /** A fixed model whose training rows are not known: it may have seen some test rows, to its advantage. */
        static Baseline fixed(TextClassifier model) {
            return heldOut -> model;
        }
    }

    /** The two sets of per-fold figures, over the same folds; the baseline's is null when there was none. */
    public record Result(CrossValidation.Result candidate, CrossValidation.Result baseline) {
    }

    private ModelComparison() {
    }

    /**
     * @param baseline null to cross-validate the candidate alone
     */
    public static Result run(List<KeyedText> rows, int k, long seed, Supplier<TextClassifierTrainer> trainers,
            Baseline baseline) {
        List<List<KeyedText>> folds = folds(rows, k, seed);
        List<Double> candidateAccuracy = new ArrayList<>();
        List<Double> candidateF1 = new ArrayList<>();
        List<Double> baselineAccuracy = new ArrayList<>();
        List<Double> baselineF1 = new ArrayList<>();
        Evaluation candidatePooled = null;
        Evaluation baselinePooled = null;
        long candidateNanos = 0;
        long baselineNanos = 0;
        for (int i = 0; i < k; i++) {
            List<LabelledText> train = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    folds.get(j).forEach(r -> train.add(r.row()));
                }
            }
            List<LabelledText> test = folds.get(i).stream().map(KeyedText::row).toList();
            Set<String> heldOut = new HashSet<>();
            folds.get(i).forEach(r -> heldOut.add(r.key()));

            long start = System.nanoTime();
            TextClassifier candidate = trainers.get().train(train, "fold " + (i + 1) + " of " + k);
            candidateNanos += System.nanoTime() - start;
            Evaluation c = CrossValidation.evaluate(candidate, test);
            candidateAccuracy.add(c.accuracy());
            candidateF1.add(c.macroF1());
            candidatePooled = candidatePooled == null ? c : candidatePooled.plus(c);

            if (baseline == null) {
                continue;
            }
            start = System.nanoTime();
            TextClassifier base = baseline.forRound(heldOut);
            baselineNanos += System.nanoTime() - start;
            Evaluation b = CrossValidation.evaluate(base, test);
            baselineAccuracy.add(b.accuracy());
            baselineF1.add(b.macroF1());
            baselinePooled = baselinePooled == null ? b : baselinePooled.plus(b);
        }
        return new Result(
                new CrossValidation.Result(k, seed, List.copyOf(candidateAccuracy), List.copyOf(candidateF1),
                        candidatePooled, Duration.ofNanos(candidateNanos)),
                baseline == null ? null : new CrossValidation.Result(k, seed, List.copyOf(baselineAccuracy), List.copyOf(baselineF1),
                        baselinePooled, Duration.ofNanos(baselineNanos)));
    }

    /**
     * Each label's rows shuffled with the seed and dealt round the folds, the next label starting where the last
     * stopped, so folds stay balanced even with small labels.
     *
     * @throws InvalidInputException with fewer than 2 folds or fewer rows than folds
     */
    static List<List<KeyedText>> folds(List<KeyedText> rows, int k, long seed) {
        if (k < 2) {
            throw new InvalidInputException("cross-validation needs at least 2 folds, got " + k);
        }
        if (rows.size() < k) {
            throw new InvalidInputException(k + "-fold cross-validation needs at least " + k + " rows, got "
                    + rows.size());
        }
        Map<String, List<KeyedText>> byLabel = new TreeMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.row().label(), l -> new ArrayList<>()).add(r));
        Random random = new Random(seed);
        List<List<KeyedText>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (List<KeyedText> group : byLabel.values()) {
            List<KeyedText> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (KeyedText row : shuffled) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        return folds;
    }
}
