package io.closedloop.routing.deciding;

import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.routing.classify.Classification;
import io.closedloop.routing.models.ActiveModel;
import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The what-if of a proposed text model (the counterpart of {@link WhatIf}, which tries proposed rules): runs a
 * stored model version, optionally with proposed rules, over the complaints received in a past period and reports
 * how many would have got another category and gone to another department, department by department, without
 * changing anything. The comparison is with the rules in force when each complaint was received and the model active
 * now, so the difference is the proposal's alone.
 */
@Component
public class ModelWhatIf {

    /** One run at a time per instance, like a rules what-if: each holds its complaints in memory. */
    private final Semaphore oneAtATime = new Semaphore(1);

    private final JdbcClient jdbc;
    private final TextModel model;
    private final RulesStore rules;
    private final TaxonomyStore taxonomies;

    ModelWhatIf(JdbcClient jdbc, TextModel model, RulesStore rules, TaxonomyStore taxonomies) {
        this.taxonomies = taxonomies;
        this.jdbc = jdbc;
        this.model = model;
        this.rules = rules;
    }

    /** Complaints that go from one value (a category, a department) to another. */
    public record Change(String from, String to, long complaints) {
    }

    /**
     * One department's complaints: how many it has now and would have, how many of its complaints would get another
     * category, how many would leave it and how many would come to it.
     */
    public record Department(String department, long now, long proposed, long recategorised, long movedOut,
            long movedIn) {
    }

    /**
     * @param activeModel     the model compared with (active now)
     * @param candidateModel  the proposed model version
     * @param rules           {@code in force} or the proposed rules' name
     * @param recategorised   complaints that would get another category
     * @param wouldMove       complaints that would go to another department
     * @param departments     every department that has or would have complaints in the period
     * @param examples        up to 20 complaint ids that would change, to look at
     */
    public record Report(Instant from, Instant to, String activeModel, String candidateModel, String rules,
            long complaints, long recategorised, List<Change> categoryChanges, long wouldMove, List<Change> moves,
            List<Department> departments, List<String> examples, boolean truncated) {
    }

    /**
     * @param candidate     the stored model version to try
     * @param proposedRules rules to try with it, or null for the rules in force when each complaint came in
     */
    public Report run(ActiveModel.Loaded candidate, RoutingRules proposedRules, String proposedRulesName,
            Instant from, Instant to) {
        if (!oneAtATime.tryAcquire()) {
            throw new WhatIf.BusyException();
        }
        try {
            return compare(candidate, proposedRules, proposedRulesName, from, to);
        } finally {
            oneAtATime.release();
        }
    }

    private Report compare(ActiveModel.Loaded candidate, RoutingRules proposedRules, String proposedRulesName,
            Instant from, Instant to) {
        ActiveModel.Loaded active = model.active().current();
        Function<String, Optional<Classification>> activeModel = model.confident(active);
        Function<String, Optional<Classification>> candidateModel = model.confident(candidate);
        List<Object[]> rows = jdbc.sql("""
                        select complaint_id, envelope, occurred_at from complaint_event_log
                        where event_type = 'ComplaintReceived' and occurred_at >= :from and occurred_at < :to
                        order by occurred_at limit :limit
                        """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .param("limit", WhatIf.MAX_COMPLAINTS + 1)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()})
                .list();
        boolean truncated = rows.size() > WhatIf.MAX_COMPLAINTS;
        Map<String, Long> categoryChanges = new TreeMap<>();
        Map<String, Long> moves = new TreeMap<>();
        Map<String, long[]> departments = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long complaints = 0;
        long recategorised = 0;
        long wouldMove = 0;
        for (Object[] row : rows.subList(0, Math.min(rows.size(), WhatIf.MAX_COMPLAINTS))) {
            String complaintId = (String) row[0];
            ComplaintReceivedEvent received = (ComplaintReceivedEvent) ComplaintEventReader.read(complaintId,
                    (byte[]) row[1]).payload();
            RulesStore.StoredRules then = rules.activeAt((Instant) row[2]);
            // both under the taxonomy of the time, so the difference is the candidate's (and the proposal's) alone
            Taxonomy taxonomy = taxonomies.activeAt((Instant) row[2]).taxonomy();
            RoutingDecisions.Decision now = RoutingDecisions.decide(received, then.rules(), then.stamp(), taxonomy,
                    activeModel);
            RoutingDecisions.Decision proposed = proposedRules == null
                    ? RoutingDecisions.decide(received, then.rules(), then.stamp(), taxonomy, candidateModel)
                    : RoutingDecisions.decide(received, proposedRules, proposedRulesName, taxonomy, candidateModel);
            complaints++;
            String nowDepartment = now.assignment().department();
            String proposedDepartment = proposed.assignment().department();
            departments.computeIfAbsent(nowDepartment, d -> new long[5])[0]++;
            departments.computeIfAbsent(proposedDepartment, d -> new long[5])[1]++;
            boolean changed = false;
            if (!now.category().equals(proposed.category())) {
                recategorised++;
                departments.get(nowDepartment)[2]++;
                categoryChanges.merge(now.category() + "\u0000" + proposed.category(), 1L, Long::sum);
                changed = true;
            }
            if (!nowDepartment.equals(proposedDepartment)) {
                wouldMove++;
                departments.get(nowDepartment)[3]++;
                departments.get(proposedDepartment)[4]++;
                moves.merge(nowDepartment + "\u0000" + proposedDepartment, 1L, Long::sum);
                changed = true;
            }
            if (changed && examples.size() < 20) {
                examples.add(complaintId);
            }
        }
        List<Department> byDepartment = departments.entrySet().stream()
                .map(e -> new Department(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        e.getValue()[3], e.getValue()[4]))
                .toList();
        return new Report(from, to, active.stamp(), candidate.stamp(),
                proposedRules == null ? "in force" : proposedRulesName, complaints, recategorised,
                changes(categoryChanges), wouldMove, changes(moves), byDepartment, examples, truncated);
    }

    private static List<Change> changes(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> new Change(e.getKey().split("\u0000")[0], e.getKey().split("\u0000")[1], e.getValue()))
                .sorted(Comparator.comparingLong(Change::complaints).reversed())
                .toList();
    }
}
