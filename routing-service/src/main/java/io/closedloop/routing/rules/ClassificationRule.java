package io.closedloop.routing.rules;

import io.closedloop.contract.InfoType;

import java.util.ArrayList;
import java.util.List;

/**
 * A classification an operator writes as data: when the condition holds (typically keywords), the complaint gets
 * this information type, category and severity, whichever are given. Each field is decided by the first matching
 * rule that gives it; what no rule decides is left to the statistical model.
 */
public record ClassificationRule(String ruleId, String description, Condition when, InfoType infoType,
        String category, String severity) {

    List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (ruleId == null || !RoutingRules.ID.matcher(ruleId).matches()) {
            problems.add(path + ".ruleId: must match " + RoutingRules.ID.pattern());
        }
        if (when == null) {
            problems.add(path + ".when: is required (an empty object matches every complaint)");
        } else {
            problems.addAll(when.problems(path + ".when"));
        }
        if (infoType == null && category == null && severity == null) {
            problems.add(path + ": give at least one of infoType, category, severity");
        }
        if (category != null && blank(category)) {
            problems.add(path + ".category: must not be blank");
        }
        if (severity != null && blank(severity)) {
            problems.add(path + ".severity: must not be blank");
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
