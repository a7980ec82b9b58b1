package io.closedloop.routing.deciding;

import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Activates new versions of the routing rules and of the taxonomy so that, at every moment, the rules in force name
 * only categories of the taxonomy in force. A rules version is checked against every taxonomy version in force from
 * its {@code activeFrom} on; a taxonomy version against every rules version in force from its {@code activeFrom}
 * on. Replacing a taxonomy whose categories the rules use takes both at once ({@link #activateTogether}). The check
 * and the insert happen under a lock on both tables, taken in one order, so two activations at the same time cannot
 * each pass a check the other invalidates.
 */
@Component
public class Activations {

    private final RulesStore rules;
    private final TaxonomyStore taxonomies;

    Activations(RulesStore rules, TaxonomyStore taxonomies) {
        this.rules = rules;
        this.taxonomies = taxonomies;
    }

    /** Nothing was stored: every problem names the field and the reason. */
    public static final class RefusedException extends RuntimeException {
        private final List<String> problems;

        RefusedException(String message, List<String> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Both versions stored by {@link #activateTogether}. */
    public record Pair(TaxonomyStore.StoredTaxonomy taxonomy, RulesStore.StoredRules rules) {
    }

    /** What is wrong with a rules draft that would take effect from {@code activeFrom}; empty when it may. */
    public List<String> rulesProblems(RoutingRules draft, Instant activeFrom) {
        return rulesProblems(draft, activeFrom, null);
    }

    /**
     * What is wrong with a rules draft for the period {@code [from, until)} ({@code until} null for no end): its own
     * problems, and every category it names that a taxonomy in force in the period lacks. A what-if run over past
     * complaints checks its proposal for its period only.
     */
    public List<String> rulesProblems(RoutingRules draft, Instant from, Instant until) {
        List<String> problems = new ArrayList<>(draft.problems());
        for (TaxonomyStore.StoredTaxonomy taxonomy : taxonomies.inForce(from, until)) {
            problems.addAll(draft.problemsUnder(taxonomy.taxonomy(), taxonomy.stamp()));
        }
        return problems.stream().distinct().toList();
    }

    /**
     * What is wrong with a taxonomy draft that would take effect from {@code activeFrom}: its own problems, and every
     * category the rules in force from then on name that it lacks.
     */
    public List<String> taxonomyProblems(Taxonomy draft, Instant activeFrom) {
        List<String> problems = new ArrayList<>(draft.problems());
        var codes = draft.index().keySet();
        for (RulesStore.StoredRules stored : rules.inForceFrom(activeFrom)) {
            for (RoutingRules.NamedCategory named : stored.rules().namedCategories()) {
                if (!codes.contains(named.code())) {
                    problems.add("categories: has no '" + named.code() + "', which the rules " + stored.stamp()
                            + " name at " + named.field() + "; keep the category, or activate the taxonomy together "
                            + "with rules that fit it");
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    @Transactional
    public RulesStore.StoredRules activateRules(RoutingRules draft, Instant activeFrom, Instant now, String by,
            String note) {
        lockBoth();
        List<String> problems = rulesProblems(draft, activeFrom);
        if (!problems.isEmpty()) {
            throw new RefusedException("The rules are not valid; nothing was stored.", problems);
        }
        return rules.activate(draft, activeFrom, now, by, note);
    }

    @Transactional
    public TaxonomyStore.StoredTaxonomy activateTaxonomy(Taxonomy draft, Instant activeFrom, Instant now, String by,
            String note) {
        lockBoth();
        List<String> problems = taxonomyProblems(draft, activeFrom);
        if (!problems.isEmpty()) {
            throw new RefusedException("The taxonomy is not valid; nothing was stored.", problems);
        }
        return taxonomies.activate(draft, activeFrom, now, by, note);
    }

    /**
     * A new taxonomy and the rules written for it, in force from the same moment: the way to replace a tree whose
     * categories the rules in force use. Both are new versions, so from {@code activeFrom} on they supersede
     * every version scheduled before them, and they need only fit each other.
     */
    @Transactional
    public Pair activateTogether(Taxonomy taxonomy, RoutingRules draft, Instant activeFrom, Instant now, String by,
            String note) {
        lockBoth();
        List<String> problems = new ArrayList<>();
        taxonomy.problems().forEach(p -> problems.add("taxonomy." + p));
        draft.problems().forEach(p -> problems.add("rules." + p));
        if (problems.isEmpty()) {
            draft.problemsUnder(taxonomy, taxonomy.name() + " (proposed)").forEach(p -> problems.add("rules." + p));
        }
        if (!problems.isEmpty()) {
            throw new RefusedException("The taxonomy and the rules do not fit; nothing was stored.", problems);
        }
        return new Pair(taxonomies.activate(taxonomy, activeFrom, now, by, note),
                rules.activate(draft, activeFrom, now, by, note));
    }

    /** Always taxonomy first, then rules: every activation locks in this order, so none waits on another forever. */
    private void lockBoth() {
        taxonomies.lock();
        rules.lock();
    }
}
