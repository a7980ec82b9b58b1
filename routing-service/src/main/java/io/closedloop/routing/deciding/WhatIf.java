package io.closedloop.routing.deciding;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.routing.rules.RoutingRules;
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
    public static final int MAX_COMPLAINTS = 50_000;

    private final JdbcClient jdbc;
    private final TextModel model;

    WhatIf(JdbcClient jdbc, TextModel model) {
        this.jdbc = jdbc;
        this.model = model;
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

    public Report run(RoutingRules proposal, String proposalName, Instant from, Instant to) {
        List<Object[]> rows = jdbc.sql("""
                        select l.complaint_id, l.envelope, r.department from complaint_event_log l
                        left join complaint_routing r on r.complaint_id = l.complaint_id
                        where l.event_type = 'ComplaintReceived' and l.occurred_at >= :from and l.occurred_at < :to
                        order by l.occurred_at limit :limit
                        """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .param("limit", MAX_COMPLAINTS + 1)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getString(3)})
                .list();
        boolean truncated = rows.size() > MAX_COMPLAINTS;
        Map<String, Long> moves = new TreeMap<>();
        Map<String, long[]> byDepartment = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long complaints = 0;
        long wouldMove = 0;
        for (Object[] row : rows.subList(0, Math.min(rows.size(), MAX_COMPLAINTS))) {
            String complaintId = (String) row[0];
            String now = (String) row[2];
            if (now == null) {
                continue; // not assigned yet: nothing to compare with
            }
            ComplaintEventEnvelope event = ComplaintEventReader.read(complaintId, (byte[]) row[1]);
            String proposed = assign((ComplaintReceivedEvent) event.payload(), proposal, proposalName);
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
    private String assign(ComplaintReceivedEvent received, RoutingRules rules, String version) {
        return RoutingDecisions.decide(received, rules, version, model::classify).assignment().department();
    }
}
