package io.closedloop.routing.classify;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The synthetic labelled complaints in src/test/resources/classify, and a fixed split of them. */
final class Complaints {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:15:30Z"), ZoneOffset.UTC);
    static final TextAnalyzer ANALYZER = new TextAnalyzer();

    private Complaints() {
    }

    static Path csv() {
        try {
            return Path.of(Complaints.class.getResource("/classify/complaints.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<LabelledText> all() {
        try {
            return LabelledCsv.read(csv(), List.of("text"), "label");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Three quarters to train on, one quarter held out, stratified with a fixed seed. */
    static List<List<LabelledText>> trainAndTest() {
        List<List<LabelledText>> folds = CrossValidation.folds(all(), 4, 7);
        List<LabelledText> train = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            train.addAll(folds.get(i));
        }
        return List.of(train, folds.get(0));
    }

    static TextClassifierTrainer trainer() {
        return new TextClassifierTrainer(FeatureSettings.DEFAULT, TextClassifierTrainer.DEFAULT_COST, 42, CLOCK, ANALYZER);
    }
}
