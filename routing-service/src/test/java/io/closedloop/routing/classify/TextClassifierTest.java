package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassifierTest {

    private static List<LabelledText> train;
    private static List<LabelledText> heldOut;
    private static TextClassifier model;

    @BeforeAll
    static void trainOnThreeQuarters() {
        List<List<LabelledText>> split = Complaints.trainAndTest();
        train = split.get(0);
        heldOut = split.get(1);
        model = Complaints.trainer().train(train, "complaints.csv");
    }

    @Test
    void predictsHeldOutComplaintsFarBetterThanChance() {
        Evaluation evaluation = CrossValidation.evaluate(model, heldOut);
        // five balanced labels: chance is 0.2
        assertThat(heldOut).hasSize(25);
        assertThat(evaluation.macroF1()).isGreaterThanOrEqualTo(0.6);
        assertThat(evaluation.accuracy()).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void answersWithALabelItsProbabilityEveryLabelsProbabilityAndTheModelVersion() {
        Classification c = model.classify("快递三天了还没到，物流信息一直不更新");
        assertThat(c.label()).isEqualTo("物流");
        assertThat(c.confidence()).isBetween(0.0, 1.0).isEqualTo(c.scores().get("物流"));
        assertThat(c.scores()).containsOnlyKeys("产品质量", "服务态度", "售后", "价格", "物流");
        assertThat(c.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-6));
        assertThat(c.modelVersion()).isEqualTo(model.version()).matches("text-model@20261123081530-[0-9a-f]{8}");
    }

    @Test
    void classifiesAnEnglishComplaint() {
        assertThat(model.classify("I was charged twice and the price on the receipt is wrong").label()).isEqualTo("价格");
    }

    @Test
    void stillAnswersForATextWithNoKnownWord() {
        Classification c = model.classify("zzz qqq");
        assertThat(c.scores()).hasSize(5);
        assertThat(c.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void describesItselfInTheManifest() {
        ModelManifest m = model.manifest();
        assertThat(m.rows()).isEqualTo(train.size());
        assertThat(m.trainingFile()).isEqualTo("complaints.csv");
        assertThat(m.labels()).containsOnlyKeys("产品质量", "服务态度", "售后", "价格", "物流");
        assertThat(m.createdAt()).isEqualTo("2026-11-23T08:15:30Z");
        assertThat(m.library()).contains("Tribuo 4.3.2");
        assertThat(m.features().kinds()).isEqualTo(FeatureSettings.DEFAULT.describe());
        assertThat(m.features().vocabulary()).isPositive();
        assertThat(m.crossValidation()).isNull();
    }

    @Test
    void trainsTheSameModelWithTheSameVersionFromTheSameRows() {
        TextClassifier again = Complaints.trainer().train(train, "complaints.csv");
        assertThat(again.version()).isEqualTo(model.version());
        for (LabelledText row : heldOut) {
            assertThat(again.classify(row.text())).isEqualTo(model.classify(row.text()));
        }
    }

    @Test
    void givesADifferentVersionWhenTheRowsDiffer() {
        TextClassifier other = Complaints.trainer().train(train.subList(0, train.size() - 1), "complaints.csv");
        assertThat(other.version()).isNotEqualTo(model.version());
    }

    @Test
    void givesIdenticalPredictionsAndVersionAfterSavingAndLoading(@TempDir Path dir) throws Exception {
        model.save(dir);
        TextClassifier loaded = TextClassifier.load(dir);

        assertThat(loaded.version()).isEqualTo(model.version());
        assertThat(loaded.manifest()).isEqualTo(model.manifest());
        for (LabelledText row : heldOut) {
            assertThat(loaded.classify(row.text())).isEqualTo(model.classify(row.text()));
        }
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"version\" : \"" + model.version());
    }

    @Test
    void givesIdenticalPredictionsAndVersionFromItsArchiveAndTheSameBytesEachTime() throws Exception {
        byte[] archive = model.toArchive();
        TextClassifier loaded = TextClassifier.fromArchive(archive, "test archive");

        assertThat(loaded.manifest()).isEqualTo(model.manifest());
        for (LabelledText row : heldOut) {
            assertThat(loaded.classify(row.text())).isEqualTo(model.classify(row.text()));
        }
        assertThat(model.toArchive()).isEqualTo(archive);
    }

    @Test
    void refusesAnArchiveThatIsNotAModelNamingWhereItCameFrom() {
        assertThatThrownBy(() -> TextClassifier.fromArchive(new byte[] {1, 2, 3}, "complaint-text@9"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("complaint-text@9").hasMessageContaining("manifest.json");
    }

    @Test
    void refusesToLoadFilesOfDifferentModels(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        model.save(first);
        Complaints.trainer().train(heldOut, "other.csv").save(second);
        Files.copy(second.resolve(TextClassifier.FEATURES_FILE), first.resolve(TextClassifier.FEATURES_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> TextClassifier.load(first))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("different versions");
    }

    @Test
    void saysWhichFileIsMissingWhenThereIsNoModel(@TempDir Path dir) {
        assertThatThrownBy(() -> TextClassifier.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no model in").hasMessageContaining("manifest.json");
    }

    @Test
    void refusesToTrainOnASingleLabel() {
        assertThatThrownBy(() -> Complaints.trainer().train(
                List.of(new LabelledText("a", "x"), new LabelledText("b", "x")), "one.csv"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least two labels");
    }

    @Test
    void givesTheSameAnswersWhenSharedByConcurrentThreads() throws Exception {
        List<String> texts = Complaints.all().stream().map(LabelledText::text).toList();
        List<Classification> sequential = texts.stream().map(model::classify).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Classification>>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> texts.stream().map(model::classify).toList()));
            }
            for (java.util.concurrent.Future<List<Classification>> run : runs) {
                assertThat(run.get()).isEqualTo(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void picksTopicKeywordsParticularToTheTextAgainstTheTrainingTexts() {
        assertThat(model.topicKeywords("退款退款，申请退款一个月了，客服说在处理", 2)).contains("退款");
    }
}
