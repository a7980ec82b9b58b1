package io.closedloop.routing.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far predicted labels agree with true ones: accuracy, per-label precision, recall and F1, macro-F1 (the
 * unweighted mean of the labels' F1, so a small category counts as much as a large one) and the confusion matrix.
 * A label's precision or recall with nothing to divide by is 0. Immutable.
 */
public final class Evaluation {

    private final List<String> labels;
    private final long[][] confusion;

    private Evaluation(List<String> labels, long[][] confusion) {
        this.labels = labels;
        this.confusion = confusion;
    }

    /** Pairs {@code truth[i]} with {@code predicted[i]}; the labels are every one seen in either, sorted. */
    public static Evaluation of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        TreeSet<String> all = new TreeSet<>(truth);
        all.addAll(predicted);
        List<String> labels = List.copyOf(all);
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        long[][] confusion = new long[labels.size()][labels.size()];
        for (int i = 0; i < truth.size(); i++) {
            confusion[index.get(truth.get(i))][index.get(predicted.get(i))]++;
        }
        return new Evaluation(labels, confusion);
    }

    /** The labels, in the order of the confusion matrix's rows and columns. */
    public List<String> labels() {
        return labels;
    }

    /** {@code [true][predicted]} counts, a copy. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < confusion.length; i++) {
            n += confusion[i][i];
        }
        return n;
    }

    public double accuracy() {
        long total = total();
        return total == 0 ? 0 : (double) correct() / total;
    }

    public double precision(String label) {
        int k = indexOf(label);
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[k];
        }
        return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
    }

    public double recall(String label) {
        int k = indexOf(label);
        long support = support(label);
        return support == 0 ? 0 : (double) confusion[k][k] / support;
    }

    public double f1(String label) {
        double p = precision(label);
        double r = recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** How many texts truly carry the label. */
    public long support(String label) {
        long n = 0;
        for (long c : confusion[indexOf(label)]) {
            n += c;
        }
        return n;
    }

    public double macroF1() {
        return labels.stream().mapToDouble(this::f1).average().orElse(0);
    }

    /** Adds two evaluations' counts: the pooled result of several folds. */
    public Evaluation plus(Evaluation other) {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (Evaluation e : List.of(this, other)) {
            for (int t = 0; t < e.labels.size(); t++) {
                for (int p = 0; p < e.labels.size(); p++) {
                    for (long c = 0; c < e.confusion[t][p]; c++) {
                        truth.add(e.labels.get(t));
                        predicted.add(e.labels.get(p));
                    }
                }
            }
        }
        return of(truth, predicted);
    }

    /** Accuracy, macro-F1, a per-label table and the confusion matrix, aligned for a terminal (CJK counts double). */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "accuracy  %.4f  (%d of %d)%n", accuracy(), correct(), total()));
        out.append(String.format(Locale.ROOT, "macro-F1  %.4f%n%n", macroF1()));
        int width = Math.max(5, labels.stream().mapToInt(Evaluation::displayWidth).max().orElse(0)) + 4;
        out.append(pad("#  label", width + 3)).append(" precision  recall      F1  support\n");
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            out.append(pad(String.format("%-2d %s", i + 1, label), width + 3))
                    .append(String.format(Locale.ROOT, " %9.4f  %6.4f  %6.4f  %7d%n",
                            precision(label), recall(label), f1(label), support(label)));
        }
        out.append("\nconfusion matrix: rows are the true label, columns the predicted one (by #)\n");
        int cell = Math.max(4, Long.toString(total()).length() + 1);
        out.append(pad("", width + 3));
        for (int j = 0; j < labels.size(); j++) {
            out.append(padLeft(Integer.toString(j + 1), cell));
        }
        out.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            out.append(pad(String.format("%-2d %s", i + 1, labels.get(i)), width + 3));
            for (int j = 0; j < labels.size(); j++) {
                out.append(padLeft(Long.toString(confusion[i][j]), cell));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private int indexOf(String label) {
        int k = labels.indexOf(label);
        if (k < 0) {
            throw new IllegalArgumentException("unknown label: " + label);
        }
        return k;
    }

    static int displayWidth(String s) {
        return s.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - displayWidth(s)));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - displayWidth(s))) + s;
    }
}
