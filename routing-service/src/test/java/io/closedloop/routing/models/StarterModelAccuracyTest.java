package io.closedloop.routing.models;

import io.closedloop.routing.classify.CrossValidation;
import io.closedloop.routing.classify.Evaluation;
import io.closedloop.routing.classify.LabelledCsv;
import io.closedloop.routing.classify.LabelledText;
import io.closedloop.routing.classify.ModelComparison.KeyedText;
import io.closedloop.routing.classify.TextClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter model (trained exactly as the service trains complaint-text@1) on 60 product complaints written for
 * this project, in Chinese and English, that are not among its training examples (testsets/README.md). Measured on
 * 2026-11-23: accuracy 0.80 overall, 0.70 on the Chinese half, 0.90 on the English half; the thresholds leave
 * room for a changed seed set, not for a broken pipeline (chance is 0.2).
 */
class StarterModelAccuracyTest {

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static List<LabelledText> testSet;
    private static TextClassifier starter;

    @BeforeAll
    static void trainTheStarterModel() throws Exception {
        testSet = LabelledCsv.read(Path.of(StarterModelAccuracyTest.class.getResource(
                "/testsets/product-complaints.csv").toURI()), List.of("text"), "label");
        List<LabelledText> seed = TrainingData.readSeed().stream().map(KeyedText::row).toList();
        starter = ModelTraining.trainer(Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC))
                .train(seed, "seed-complaints.csv");
    }

    @Test
    void theTestSetIsBalancedBilingualAndDisjointFromTheSeedExamples() {
        assertThat(testSet).hasSize(60);
        assertThat(testSet.stream().collect(Collectors.groupingBy(LabelledText::label, Collectors.counting())))
                .containsOnlyKeys("product-quality", "service-attitude", "after-sales", "price", "logistics")
                .allSatisfy((label, n) -> assertThat(n).isEqualTo(12));
        assertThat(testSet.stream().filter(r -> HAN.matcher(r.text()).find())).hasSize(30);
        Set<String> seedTexts = TrainingData.readSeed().stream().map(r -> r.row().text().strip())
                .collect(Collectors.toSet());
        assertThat(testSet).noneMatch(r -> seedTexts.contains(r.text().strip()));
    }

    @Test
    void theStarterModelClassifiesMostUnseenComplaintsRightInBothLanguages() {
        Evaluation all = CrossValidation.evaluate(starter, testSet);
        Evaluation chinese = CrossValidation.evaluate(starter,
                testSet.stream().filter(r -> HAN.matcher(r.text()).find()).toList());
        Evaluation english = CrossValidation.evaluate(starter,
                testSet.stream().filter(r -> !HAN.matcher(r.text()).find()).toList());

        assertThat(all.accuracy()).isGreaterThanOrEqualTo(0.65);
        assertThat(all.macroF1()).isGreaterThanOrEqualTo(0.65);
        assertThat(chinese.accuracy()).isGreaterThanOrEqualTo(0.55);
        assertThat(english.accuracy()).isGreaterThanOrEqualTo(0.7);
    }
}
