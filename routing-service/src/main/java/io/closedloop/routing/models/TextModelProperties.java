package io.closedloop.routing.models;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The text model's settings ({@code closedloop.routing.classifier.*}).
 *
 * @param modelDir        a model saved by the classifier CLI, imported as a new version (and activated) the first
 *                        time an instance starts with it; empty for none
 * @param minConfidence   below this probability the model's category is not used (the default category is)
 * @param refreshInterval how often an instance reads which version is active, so every instance follows a change
 * @param folds           cross-validation folds for every trained candidate
 * @param retrain         automatic retraining from people's corrections
 */
@ConfigurationProperties("closedloop.routing.classifier")
public record TextModelProperties(
        @DefaultValue("") String modelDir,
        @DefaultValue("0.5") double minConfidence,
        @DefaultValue("2s") Duration refreshInterval,
        @DefaultValue("5") int folds,
        @DefaultValue Retraining retrain) {

    /**
     * @param afterCorrections train a candidate once this many corrections arrived since the last candidate; 0 off
     * @param every            train a candidate when the last one is this old and any correction arrived since; empty
     *                         for never
     * @param tolerance        activate a candidate unless its macro-F1 is below the active model's on the same folds
     *                         by more than this
     * @param checkInterval    how often an instance checks whether a retraining is due
     */
    public record Retraining(
            @DefaultValue("50") int afterCorrections,
            Duration every,
            @DefaultValue("0.02") double tolerance,
            @DefaultValue("1m") Duration checkInterval) {

        public Retraining {
            if (afterCorrections < 0) {
                throw new IllegalArgumentException("closedloop.routing.classifier.retrain.after-corrections must not "
                        + "be negative, got " + afterCorrections);
            }
            if (tolerance < 0 || tolerance > 1) {
                throw new IllegalArgumentException("closedloop.routing.classifier.retrain.tolerance must lie in "
                        + "[0, 1], got " + tolerance);
            }
        }
    }

    public TextModelProperties {
        if (folds < 2) {
            throw new IllegalArgumentException("closedloop.routing.classifier.folds must be at least 2, got " + folds);
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("closedloop.routing.classifier.refresh-interval must be positive");
        }
    }
}
