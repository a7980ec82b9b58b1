package io.closedloop.routing.rules;

import io.closedloop.contract.topic.Topic;
import io.closedloop.routing.taxonomy.Taxonomy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How complaints are classified and routed, as one versioned document an operator writes: classification rules
 * (keywords and fields to information type, category and severity), routing rules (fields and keywords to
 * department and priority), the service points rescue requests go to, and the fallback queue for complaints no
 * rule matches, so none is ever dropped. A new version is validated before it is activated and applies from then
 * on; every assignment records the version that made it.
 *
 * @param name               e.g. {@code default-routing}; with the version it makes the stamp {@code default-routing@4}
 * @param fallbackDepartment where a complaint goes when no rule matches (a triage queue people work through)
 * @param rescueDepartment   where a rescue request goes when no service point is open, or it came without a location
 */
public record RoutingRules(String name, List<ClassificationRule> classification, List<RoutingRule> routing,
        List<ServicePoint> servicePoints, String fallbackDepartment, String fallbackPriority,
        String rescueDepartment) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

    public RoutingRules {
        classification = listOf(classification);
        routing = listOf(routing);
        servicePoints = listOf(servicePoints);
    }

    /** An unmodifiable copy that keeps null entries, so that {@link #problems()} can name them. */
    static <T> List<T> listOf(List<T> items) {
        // Collections.emptyList(), not List.of(): its contains(null) answers instead of throwing
        return items == null ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }

    static <T> Set<T> setOf(Set<T> items) {
        return items == null ? java.util.Collections.emptySet()
                : java.util.Collections.unmodifiableSet(new HashSet<>(items));
    }

    /** Every department a complaint can be assigned to under these rules: each gets its topic. */
    public Set<String> departments() {
        return java.util.stream.Stream.of(routing.stream().map(RoutingRule::department),
                        servicePoints.stream().map(ServicePoint::code),
                        java.util.stream.Stream.of(fallbackDepartment, rescueDepartment))
                .flatMap(s -> s)
                .filter(java.util.Objects::nonNull) // a document not yet validated may lack one
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Everything wrong with the document, each naming the field and the reason; empty when it may be activated. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !ID.matcher(name).matches()) {
            problems.add("name: must match " + ID.pattern());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < classification.size(); i++) {
            ClassificationRule rule = classification.get(i);
            if (rule == null) {
                problems.add("classification[" + i + "]: is empty");
                continue;
            }
            problems.addAll(rule.problems("classification[" + i + "]"));
            if (rule.ruleId() != null && !ids.add(rule.ruleId())) {
                problems.add("classification[" + i + "].ruleId: '" + rule.ruleId() + "' is used twice");
            }
        }
        for (int i = 0; i < routing.size(); i++) {
            RoutingRule rule = routing.get(i);
            if (rule == null) {
                problems.add("routing[" + i + "]: is empty");
                continue;
            }
            problems.addAll(rule.problems("routing[" + i + "]"));
            if (rule.ruleId() != null && !ids.add(rule.ruleId())) {
                problems.add("routing[" + i + "].ruleId: '" + rule.ruleId() + "' is used twice");
            }
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < servicePoints.size(); i++) {
            ServicePoint point = servicePoints.get(i);
            if (point == null) {
                problems.add("servicePoints[" + i + "]: is empty");
                continue;
            }
            problems.addAll(point.problems("servicePoints[" + i + "]"));
            if (point.code() != null && !codes.add(point.code())) {
                problems.add("servicePoints[" + i + "].code: '" + point.code() + "' is used twice");
            }
        }
        problems.addAll(departmentProblems("fallbackDepartment", fallbackDepartment));
        problems.addAll(priorityProblems("fallbackPriority", fallbackPriority));
        problems.addAll(departmentProblems("rescueDepartment", rescueDepartment));
        return problems;
    }

    /** A category code the rules name, and where: e.g. {@code routing[4].when.categories}. */
    public record NamedCategory(String field, String code) {
    }

    /** Every category the rules name, in classification results and in conditions, in document order. */
    public List<NamedCategory> namedCategories() {
        List<NamedCategory> named = new ArrayList<>();
        for (int i = 0; i < classification.size(); i++) {
            ClassificationRule rule = classification.get(i);
            if (rule == null) {
                continue;
            }
            String at = "classification[" + i + "]";
            if (rule.when() != null) {
                rule.when().categories().stream().filter(c -> c != null && !c.isBlank()).sorted()
                        .forEach(c -> named.add(new NamedCategory(at + ".when.categories", c)));
            }
            if (rule.category() != null && !rule.category().isBlank()) {
                named.add(new NamedCategory(at + ".category", rule.category()));
            }
        }
        for (int i = 0; i < routing.size(); i++) {
            RoutingRule rule = routing.get(i);
            if (rule != null && rule.when() != null) {
                String at = "routing[" + i + "].when.categories";
                rule.when().categories().stream().filter(c -> c != null && !c.isBlank()).sorted()
                        .forEach(c -> named.add(new NamedCategory(at, c)));
            }
        }
        return named;
    }

    /**
     * What is wrong with the rules under a taxonomy: every category they name must be one of its categories (at any
     * level). Empty when they fit.
     *
     * @param stamp the taxonomy's version, for the reason, e.g. {@code default-taxonomy@1}
     */
    public List<String> problemsUnder(Taxonomy taxonomy, String stamp) {
        java.util.Set<String> codes = taxonomy.index().keySet();
        return namedCategories().stream()
                .filter(n -> !codes.contains(n.code()))
                .map(n -> n.field() + ": " + taxonomy.unknownCategory(n.code(), stamp))
                .distinct()
                .toList();
    }

    static List<String> departmentProblems(String path, String department) {
        try {
            Topic.departmentTopic(department);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(path + ": must be a department code: lower-case letters, digits and -, at most 63");
        }
    }

    static List<String> priorityProblems(String path, String priority) {
        return priority != null && PRIORITIES.contains(priority) ? List.of()
                : List.of(path + ": must be one of " + new java.util.TreeSet<>(PRIORITIES));
    }
}
