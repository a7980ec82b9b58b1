package io.closedloop.routing.rules;

import io.closedloop.contract.InfoType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies one version of the routing rules to one complaint. Pure and deterministic: the same complaint and the same
 * rules version always give the same decision, so a what-if run over past complaints shows exactly what a
 * proposed version would have done.
 */
public final class Router {

    private Router() {
    }

    /**
     * What the rules say about a complaint's classification: the fields they decide (null where none did), the
     * rules that decided them, and the keywords that matched.
     */
    public record RuleClassification(InfoType infoType, String category, String severity, List<String> ruleIds,
            List<String> keywords) {

        public boolean decidesEverything() {
            return infoType != null && category != null && severity != null;
        }
    }

    /**
     * Applies the classification rules in order; each field (information type, category, severity) takes its value
     * from the first matching rule that gives one, so a rule about media exposure and a rule about a faulty product
     * can both apply to one complaint. Empty when no rule matches.
     */
    public static Optional<RuleClassification> classify(RoutingInput in, RoutingRules rules) {
        InfoType infoType = null;
        String category = null;
        String severity = null;
        List<String> ruleIds = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        for (ClassificationRule rule : rules.classification()) {
            String keyword = rule.when().match(in);
            if (keyword == null) {
                continue;
            }
            boolean decided = false;
            if (infoType == null && rule.infoType() != null) {
                infoType = rule.infoType();
                decided = true;
            }
            if (category == null && rule.category() != null) {
                category = rule.category();
                decided = true;
            }
            if (severity == null && rule.severity() != null) {
                severity = rule.severity();
                decided = true;
            }
            if (decided) {
                ruleIds.add(rule.ruleId());
                if (!keyword.isEmpty()) {
                    keywords.add(keyword);
                }
            }
        }
        return ruleIds.isEmpty() ? Optional.empty()
                : Optional.of(new RuleClassification(infoType, category, severity, List.copyOf(ruleIds),
                        List.copyOf(keywords)));
    }

    /** Where a complaint goes, why, and under which rules version. */
    public record Assignment(String department, String priority, String reason, String rulesVersion,
            boolean fallback) {
    }

    /**
     * The department for a classified complaint: a rescue request with a location goes to the nearest service
     * point open at the time the customer asked; every other complaint to the first routing rule that matches;
     * and a complaint no rule matches to the fallback queue.
     */
    public static Assignment assign(RoutingInput in, RoutingRules rules, String rulesVersion) {
        if (in.infoTypeOrDefault() == InfoType.RESCUE_REQUEST) {
            return rescue(in, rules, rulesVersion);
        }
        for (RoutingRule rule : rules.routing()) {
            String keyword = rule.when().match(in);
            if (keyword != null) {
                return new Assignment(rule.department(), rule.priority(), "rule " + rule.ruleId() + ": "
                        + rule.when().describe() + (keyword.isEmpty() ? "" : ", keyword '" + keyword + "'"),
                        rulesVersion, false);
            }
        }
        return new Assignment(rules.fallbackDepartment(), rules.fallbackPriority(),
                "no routing rule matched: fallback queue", rulesVersion, true);
    }

    private static Assignment rescue(RoutingInput in, RoutingRules rules, String rulesVersion) {
        if (in.location() == null) {
            return new Assignment(rules.rescueDepartment(), "urgent",
                    "rescue request without a location: rescue dispatch", rulesVersion, false);
        }
        return rules.servicePoints().stream()
                .filter(p -> in.receivedAt() == null || p.openAt(in.receivedAt()))
                .min(Comparator.comparingDouble((ServicePoint p) -> p.kilometresTo(in.location()))
                        .thenComparing(ServicePoint::code))
                .map(p -> new Assignment(p.code(), "urgent", String.format(Locale.ROOT,
                        "rescue request: nearest open service point %s (%s), %.1f km", p.code(), p.name(),
                        p.kilometresTo(in.location())), rulesVersion, false))
                .orElseGet(() -> new Assignment(rules.rescueDepartment(), "urgent",
                        "rescue request: no service point open: rescue dispatch", rulesVersion, false));
    }
}
