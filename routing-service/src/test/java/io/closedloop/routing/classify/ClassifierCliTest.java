package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ClassifierCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Complaints.CLOCK);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsSavesAndThenEvaluatesAModel() throws Exception {
        Path model = dir.resolve("model");
        assertThat(run("train", "--data", Complaints.csv().toString(), "--out", model.toString())).isZero();
        assertThat(out()).contains("trained text-model@20261123081530-").contains("on 100 rows, 5 labels");
        assertThat(model.resolve("manifest.json")).exists();

        out.reset();
        assertThat(run("evaluate", "--model", model.toString(), "--data", Complaints.csv().toString())).isZero();
        assertThat(out()).contains("accuracy", "macro-F1", "precision", "confusion matrix", "物流");
        assertThat(err()).isEmpty();
    }

    @Test
    void recordsTheCrossValidatedFiguresInTheManifestWhenAsked() throws Exception {
        Path model = dir.resolve("model");
        assertThat(run("train", "--data", Complaints.csv().toString(), "--out", model.toString(),
                "--cross-validate", "4")).isZero();
        assertThat(TextClassifier.load(model).manifest().crossValidation().folds()).isEqualTo(4);
    }

    @Test
    void crossValidatesWithTheChosenColumnsAndFeatures() {
        assertThat(run("cross-validate", "--data", Complaints.csv().toString(), "--text-columns", "text",
                "--label-column", "label", "--folds", "4", "--seed", "3", "--features", "words")).isZero();
        assertThat(out()).contains("features words", "4-fold stratified cross-validation, seed 3", "fold 4:", "±",
                "pooled over the folds");
    }

    @Test
    void classifiesOneText() throws Exception {
        Path model = dir.resolve("model");
        run("train", "--data", Complaints.csv().toString(), "--out", model.toString());
        out.reset();
        assertThat(run("classify", "--model", model.toString(), "--text", "The parcel never arrived")).isZero();
        assertThat(out()).startsWith("物流");
    }

    @Test
    void failsWithOneLineAndCode2WhenAColumnIsMissing() {
        int code = run("train", "--data", Complaints.csv().toString(), "--out", dir.toString(),
                "--label-column", "一级分类");
        assertThat(code).isEqualTo(2);
        assertThat(err()).isEqualTo("error: " + Complaints.csv() + " has no column '一级分类'; its columns are [text, label]"
                + System.lineSeparator());
    }

    @Test
    void failsWithOneLineAndCode2ForAnEmptyFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThat(run("cross-validate", "--data", empty.toString())).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().startsWith("error: ").contains("is empty");
    }

    @Test
    void failsWithOneLineAndCode2WhenALabelHasFewerRowsThanFolds() throws Exception {
        Path csv = Files.writeString(dir.resolve("few.csv"), "text,label\n" + "a b,x\n".repeat(5) + "c d,y\n");
        assertThat(run("cross-validate", "--data", csv.toString(), "--folds", "5")).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("too few: y (1)");
    }

    @Test
    void failsWithCode2ForAnUnknownCommandOrOptionOrAMissingValue() {
        assertThat(run("predict")).isEqualTo(2);
        assertThat(err()).startsWith("error: unknown command 'predict'").contains("usage:");
        err.reset();
        assertThat(run("evaluate", "--out", "x")).isEqualTo(2);
        assertThat(err()).startsWith("error: 'evaluate' does not take --out");
        err.reset();
        assertThat(run("train", "--data")).isEqualTo(2);
        assertThat(err()).isEqualTo("error: --data needs a value" + System.lineSeparator());
        err.reset();
        assertThat(run("cross-validate", "--data", Complaints.csv().toString(), "--folds", "five")).isEqualTo(2);
        assertThat(err()).contains("--folds must be a whole number");
    }

    @Test
    void failsWithCode2WhenTheModelDirectoryHoldsNoModel() {
        assertThat(run("evaluate", "--model", dir.toString(), "--data", Complaints.csv().toString())).isEqualTo(2);
        assertThat(err().lines()).singleElement().asString().contains("no model in");
    }

    @Test
    void printsUsageOnRequest() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("usage: classifier", "cross-validate");
    }
}
