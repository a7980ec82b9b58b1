package io.closedloop.routing.classify;

import java.util.Map;

/**
 * The model's answer for one text.
 *
 * @param label        the most probable label
 * @param confidence   its probability, in [0, 1] (logistic regression, one-vs-rest, normalised over the labels)
 * @param modelVersion the version of the model that decided, to record with the decision
 * @param scores       every label's probability
 */
public record Classification(String label, double confidence, String modelVersion, Map<String, Double> scores) {
}
