package io.closedloop.routing.rules;

import java.util.ArrayList;
import java.util.List;

/** Which department answers complaints that meet the condition, and how urgently. The first matching rule wins. */
public record RoutingRule(String ruleId, String description, Condition when, String department, String priority) {

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
        problems.addAll(RoutingRules.departmentProblems(path + ".department", department));
        problems.addAll(RoutingRules.priorityProblems(path + ".priority", priority));
        return problems;
    }
}
