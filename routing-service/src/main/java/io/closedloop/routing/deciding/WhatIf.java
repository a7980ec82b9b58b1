package io.closedloop.routing.deciding;

import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs proposed routing rules over the complaints received in a past period and reports which would have gone
 * elsewhere, without changing anything: the way to check a new rules version before activating it.
 */
@Component
public class WhatIf {

    /** At most this many complaints per run: a what-if must answer while the operator waits. */
    public static final int MAX_COMPLAINTS = 10_000;
    /** One run at a time per instance: each holds its complaints in memory and keeps a core busy. */
    private final java.util.concurrent.Semaphore oneAtATime = new java.util.concurrent.Semaphore(1);

    private final JdbcClient jdbc;
    private final TextModel model;
    private final RulesStore rules;
    private final TaxonomyStore taxonomies;

    WhatIf(JdbcClient jdbc, TextModel model, RulesStore rules, TaxonomyStore taxonomies) {
        this.jdbc = jdbc;
        this.model = model;
        this.rules = rules;
        this.taxonomies = taxonomies;
    }

    /** Another what-if run is in progress on this instance. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("another what-if run is in progress; try again when it has finished");
        }
    }

    /** One move: how many complaints the proposal sends from one department to another. */
    public record Move(String from, String to, long complaints) {
    }

    /**
     * @param moves   only the departments that change, largest first
     * @param byDepartment complaints per department, now and under the proposal
     * @param examples a few complaint ids that would move, to look at
     */
    public record Report(Instant from, Instant to, String proposal, long complaints, long wouldMove,
            List<Move> moves, Map<String, long[]> byDepartment, List<String> examples, boolean truncated) {
    }

    /**
     * Compares, for every complaint received in the period, the department the rules in force at the time would
     * give it with the department the proposal gives it, both with today's text model: the difference is the
     * proposal's alone (not transfers people made since, nor a newer model).
     */
    public Report run(RoutingRules proposal, String proposalName, Instant from, Instant to) {
        if (!oneAtATime.tryAcquire()) {
            throw new BusyException();
        }
        try {
            return compare(proposal, proposalName, from, to);
        } finally {
            oneAtATime.release();
        }
    }

    private Report compare(RoutingRules proposal, String proposalName, Instant from, Instant to) {
        List<Object[]> rows = jdbc.sql("""
                        select complaint_id, envelope, occurred_at from complaint_event_log
                        where event_type = 'ComplaintReceived' and occurred_at >= :from and occurred_at < :to
                        order by occurred_at limit :limit
                        """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .param("limit", MAX_COMPLAINTS + 1)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()})
                .list();
        boolean truncated = rows.size() > MAX_COMPLAINTS;
        Map<String, Long> moves = new TreeMap<>();
        Map<String, long[]> byDepartment = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long complaints = 0;
        long wouldMove = 0;
        for (Object[] row : rows.subList(0, Math.min(rows.size(), MAX_COMPLAINTS))) {
            String complaintId = (String) row[0];
            ComplaintReceivedEvent received = (ComplaintReceivedEvent) ComplaintEventReader.read(complaintId,
                    (byte[]) row[1]).payload();
            RulesStore.StoredRules then = rules.activeAt((Instant) row[2]);
            // both under the taxonomy of the time, so the difference is the proposal's alone
            Taxonomy taxonomy = taxonomies.activeAt((Instant) row[2]).taxonomy();
            String now = assign(received, then.rules(), then.stamp(), taxonomy);
            String proposed = assign(received, proposal, proposalName, taxonomy);
            complaints++;
            byDepartment.computeIfAbsent(now, d -> new long[2])[0]++;
            byDepartment.computeIfAbsent(proposed, d -> new long[2])[1]++;
            if (!proposed.equals(now)) {
                wouldMove++;
                moves.merge(now + "\u0000" + proposed, 1L, Long::sum);
                if (examples.size() < 20) {
                    examples.add(complaintId);
                }
            }
        }
        List<Move> moveList = moves.entrySet().stream()
                .map(e -> new Move(e.getKey().split("\u0000")[0], e.getKey().split("\u0000")[1], e.getValue()))
                .sorted((a, b) -> Long.compare(b.complaints(), a.complaints()))
                .toList();
        return new Report(from, to, proposalName, complaints, wouldMove, moveList, byDepartment, examples, truncated);
    }

    /** The department the proposal gives this complaint, classified by the proposal's rules and today's model. */
    private String assign(ComplaintReceivedEvent received, RoutingRules rules, String version, Taxonomy taxonomy) {
        return RoutingDecisions.decide(received, rules, version, taxonomy, model::classify).assignment().department();
    }
}
