package io.closedloop.routing.deciding;

import io.closedloop.routing.classify.Classification;
import io.closedloop.routing.models.ActiveModel;
import io.closedloop.routing.models.TextModelProperties;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Function;

/**
 * The statistical layer of classification: what the rules leave open (most often the category) is decided by a
 * text model, if it is confident enough. The model is the registry's active version ({@code complaint-text@N}, see
 * {@code io.closedloop.routing.models}): at first start the starter model trained from the shipped examples, later
 * one retrained from people's corrections, or one imported from {@code closedloop.routing.classifier.model-dir}.
 */
@Component
public class TextModel {

    private final ActiveModel active;
    private final double minConfidence;

    TextModel(ActiveModel active, TextModelProperties properties) {
        this.active = active;
        this.minConfidence = properties.minConfidence();
    }

    /** The active model's category for this text, when it is at least as confident as configured. */
    public Optional<Classification> classify(String text) {
        return confident(active.current()).apply(text);
    }

    /** A loaded version as the classifier a decision uses: its answer only when confident enough. */
    Function<String, Optional<Classification>> confident(ActiveModel.Loaded model) {
        return text -> {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            Classification classification = model.classify(text);
            return classification.confidence() >= minConfidence ? Optional.of(classification) : Optional.empty();
        };
    }

    /** The version in use, e.g. {@code complaint-text@3}. */
    public String version() {
        return active.current().stamp();
    }

    ActiveModel active() {
        return active;
    }
}
