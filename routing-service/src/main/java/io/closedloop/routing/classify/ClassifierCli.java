package io.closedloop.routing.classify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains, evaluates and cross-validates complaint-text classifiers from labelled CSV files.
 *
 * <pre>
 * train          --data F.csv --out DIR [--text-columns a,b] [--label-column l] [--features words,char-bigrams]
 *                [--min-df 2] [--c 1000] [--seed 42] [--cross-validate K]
 * evaluate       --model DIR --data F.csv [--text-columns a,b] [--label-column l]
 * cross-validate --data F.csv [--folds 5] [--seed 42] [--text-columns a,b] [--label-column l] [--features ...]
 * classify       --model DIR --text "..."
 * </pre>
 *
 * Exit codes: 0 done, 2 bad usage or input (one line on stderr), 1 anything else (one line on stderr).
 */
public final class ClassifierCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final String USAGE = """
            usage: classifier <command> [options]
              train          --data F.csv --out DIR [--text-columns a,b] [--label-column l]
                             [--features words,word-bigrams,char-bigrams] [--min-df N] [--c C] [--seed N]
                             [--cross-validate K]
              evaluate       --model DIR --data F.csv [--text-columns a,b] [--label-column l]
              cross-validate --data F.csv [--folds K] [--seed N] [--text-columns a,b] [--label-column l]
                             [--features ...] [--min-df N] [--c C]
              classify       --model DIR --text "complaint text"
            defaults: --text-columns text --label-column label --features %s --min-df %d --c %s --seed 42 --folds 5
            """.formatted(FeatureSettings.DEFAULT.describe(), FeatureSettings.DEFAULT.minDocumentFrequency(),
            TextClassifierTrainer.DEFAULT_COST);

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "train", Set.of("data", "out", "text-columns", "label-column", "features", "min-df", "c", "seed",
                    "cross-validate"),
            "evaluate", Set.of("model", "data", "text-columns", "label-column"),
            "cross-validate", Set.of("data", "folds", "seed", "text-columns", "label-column", "features", "min-df",
                    "c"),
            "classify", Set.of("model", "text"));

    private final PrintStream out;
    private final Clock clock;

    ClassifierCli(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, Clock.systemUTC()));
    }

    /** Runs one command; never throws. */
    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        try {
            if (args.length > 0 && Set.of("help", "--help", "-h").contains(args[0])) {
                out.print(USAGE);
                return OK;
            }
            if (args.length == 0 || !OPTIONS.containsKey(args[0])) {
                err.println(args.length == 0 ? "error: no command given" : "error: unknown command '" + args[0] + "'");
                err.print(USAGE);
                return BAD_INPUT;
            }
            Map<String, String> options = options(args[0], Arrays.copyOfRange(args, 1, args.length));
            ClassifierCli cli = new ClassifierCli(out, clock);
            switch (args[0]) {
                case "train" -> cli.train(options);
                case "evaluate" -> cli.evaluate(options);
                case "cross-validate" -> cli.crossValidate(options);
                default -> cli.classify(options);
            }
            return OK;
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
    }

    private void train(Map<String, String> o) throws IOException {
        Path data = path(o, "data");
        Path dir = path(o, "out");
        List<LabelledText> rows = read(o, data);
        TextClassifierTrainer trainer = trainer(o);
        long start = System.nanoTime();
        TextClassifier model = trainer.train(rows, data.getFileName().toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (o.containsKey("cross-validate")) {
            CrossValidation.Result cv = CrossValidation.run(rows, integer(o, "cross-validate", 5), seed(o),
                    () -> trainer(o));
            model = model.withManifest(model.manifest().withCrossValidation(cv.summary()));
            printCrossValidation(cv);
        }
        model.save(dir);
        ModelManifest m = model.manifest();
        out.printf(Locale.ROOT, "trained %s on %d rows, %d labels, %d features in %d ms%nsaved to %s%n",
                m.version(), m.rows(), m.labels().size(), m.features().vocabulary(), millis, dir);
    }

    private void evaluate(Map<String, String> o) throws IOException {
        TextClassifier model = TextClassifier.load(path(o, "model"));
        Path data = path(o, "data");
        List<LabelledText> rows = read(o, data);
        out.printf("model %s on %s (%d rows)%n%n", model.version(), data.getFileName(), rows.size());
        out.print(CrossValidation.evaluate(model, rows).table());
    }

    private void crossValidate(Map<String, String> o) throws IOException {
        Path data = path(o, "data");
        List<LabelledText> rows = read(o, data);
        out.printf("%s: %d rows; features %s%n", data.getFileName(), rows.size(), features(o).describe());
        printCrossValidation(CrossValidation.run(rows, integer(o, "folds", 5), seed(o), () -> trainer(o)));
    }

    private void classify(Map<String, String> o) throws IOException {
        TextClassifier model = TextClassifier.load(path(o, "model"));
        Classification c = model.classify(required(o, "text"));
        out.printf(Locale.ROOT, "%s  %.3f  (%s)%nkeywords: %s%n", c.label(), c.confidence(), c.modelVersion(),
                String.join(", ", model.topicKeywords(o.get("text"), 5)));
    }

    private void printCrossValidation(CrossValidation.Result cv) {
        out.printf(Locale.ROOT, "%d-fold stratified cross-validation, seed %d%n", cv.k(), cv.seed());
        for (int i = 0; i < cv.k(); i++) {
            out.printf(Locale.ROOT, "  fold %d: accuracy %.4f  macro-F1 %.4f%n", i + 1, cv.accuracies().get(i),
                    cv.macroF1s().get(i));
        }
        out.printf(Locale.ROOT, "accuracy  %.4f ± %.4f%nmacro-F1  %.4f ± %.4f%ntraining  %d ms for %d models%n%n",
                cv.accuracyMean(), cv.accuracyStd(), cv.macroF1Mean(), cv.macroF1Std(), cv.trainTime().toMillis(),
                cv.k());
        out.println("pooled over the folds:");
        out.print(cv.pooled().table());
    }

    private List<LabelledText> read(Map<String, String> o, Path data) throws IOException {
        List<String> textColumns = Arrays.stream(o.getOrDefault("text-columns", "text").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (textColumns.isEmpty()) {
            throw new InvalidInputException("--text-columns names no column");
        }
        return LabelledCsv.read(data, textColumns, o.getOrDefault("label-column", "label"));
    }

    private TextClassifierTrainer trainer(Map<String, String> o) {
        double c = decimal(o, "c", TextClassifierTrainer.DEFAULT_COST);
        if (!(c > 0)) {
            throw new InvalidInputException("--c must be positive, got " + o.get("c"));
        }
        return new TextClassifierTrainer(features(o), c, seed(o), clock, new TextAnalyzer());
    }

    private static FeatureSettings features(Map<String, String> o) {
        return FeatureSettings.parse(o.getOrDefault("features", FeatureSettings.DEFAULT.describe()),
                integer(o, "min-df", FeatureSettings.DEFAULT.minDocumentFrequency()));
    }

    private static long seed(Map<String, String> o) {
        return integer(o, "seed", 42);
    }

    private static Map<String, String> options(String command, String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i];
            if (!key.startsWith("--") || !OPTIONS.get(command).contains(key.substring(2))) {
                throw new InvalidInputException("'" + command + "' does not take " + key + "; it takes --"
                        + String.join(", --", OPTIONS.get(command).stream().sorted().toList()));
            }
            if (i + 1 >= args.length) {
                throw new InvalidInputException(key + " needs a value");
            }
            options.put(key.substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("--" + name + " is required");
        }
        return value;
    }

    private static Path path(Map<String, String> o, String name) {
        return Path.of(required(o, name));
    }

    private static int integer(Map<String, String> o, String name, int fallback) {
        try {
            return o.containsKey(name) ? Integer.parseInt(o.get(name).strip()) : fallback;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name + " must be a whole number, got '" + o.get(name) + "'");
        }
    }

    private static double decimal(Map<String, String> o, String name, double fallback) {
        try {
            return o.containsKey(name) ? Double.parseDouble(o.get(name).strip()) : fallback;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name + " must be a number, got '" + o.get(name) + "'");
        }
    }
}
