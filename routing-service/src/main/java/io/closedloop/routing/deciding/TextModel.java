package io.closedloop.routing.deciding;

import io.closedloop.routing.classify.Classification;
import io.closedloop.routing.classify.FeatureSettings;
import io.closedloop.routing.classify.LabelledCsv;
import io.closedloop.routing.classify.TextClassifier;
import io.closedloop.routing.classify.TextClassifierTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The statistical layer of classification: what the rules leave open (most often the category) is decided by a
 * text model, if it is confident enough. The model is the one in {@code closedloop.routing.classifier.model-dir}
 * (trained with the classifier CLI from a company's own labelled complaints and corrections); without one, the
 * service trains a small starter model at startup from the labelled examples it ships (100 complaints in Chinese
 * and English over the default categories), so a fresh installation classifies from the first complaint.
 */
@Component
public class TextModel {

    private static final Logger log = LoggerFactory.getLogger(TextModel.class);
    static final String SEED = "/classify/seed-complaints.csv";
    /** The seed set's sentences are short: a word seen once is still evidence there. */
    static final FeatureSettings SEED_FEATURES = new FeatureSettings(true, false, true, 1);

    private final TextClassifier model;
    private final double minConfidence;

    TextModel(@Value("${closedloop.routing.classifier.model-dir:}") String modelDir,
            @Value("${closedloop.routing.classifier.min-confidence:0.5}") double minConfidence, Clock clock)
            throws IOException {
        this.minConfidence = minConfidence;
        if (modelDir != null && !modelDir.isBlank()) {
            this.model = TextClassifier.load(Path.of(modelDir));
            log.info("Loaded text model {} from {}", model.version(), modelDir);
        } else {
            this.model = new TextClassifierTrainer(SEED_FEATURES, 42, clock).train(seed(), "seed-complaints.csv");
            log.info("Trained the starter text model {} from the shipped examples", model.version());
        }
    }

    /** The model's category for this text, when it is at least as confident as configured. */
    public Optional<Classification> classify(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Classification classification = model.classify(text);
        return classification.confidence() >= minConfidence ? Optional.of(classification) : Optional.empty();
    }

    public String version() {
        return model.version();
    }

    private static List<io.closedloop.routing.classify.LabelledText> seed() throws IOException {
        Path file = Files.createTempFile("seed-complaints", ".csv");
        try (InputStream in = TextModel.class.getResourceAsStream(SEED)) {
            if (in == null) {
                throw new IllegalStateException(SEED + " is missing from the service");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return LabelledCsv.read(file, List.of("text"), "label");
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
