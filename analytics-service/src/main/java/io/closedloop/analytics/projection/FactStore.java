package io.closedloop.analytics.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.analytics.facts.ComplaintFact;
import io.closedloop.analytics.facts.FactProjector;
import io.closedloop.contract.json.ContractJson;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;

import static java.sql.Types.BIGINT;
import static java.sql.Types.BOOLEAN;
import static java.sql.Types.INTEGER;
import static java.sql.Types.NUMERIC;
import static java.sql.Types.TIMESTAMP;
import static java.sql.Types.VARCHAR;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes complaint facts of one generation, in batches: the live projection and a rebuild both write
 * many complaints per statement, which is what lets a rebuild run at tens of thousands of events a second.
 */
@Repository
public class FactStore {

    private static final ObjectMapper JSON = ContractJson.mapper();
    /*
     * The SQL types of every parameter, given so that a null needs no round trip: without them Spring asks the
     * driver for the statement's parameter types for each null, which PostgreSQL answers with a round trip; with a
     * dozen nullable columns that made saving facts ~20 times slower.
     */
    private static final int[] FACT_TYPES = {INTEGER, VARCHAR, TIMESTAMP, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR,
            VARCHAR, VARCHAR, VARCHAR, BOOLEAN, VARCHAR, TIMESTAMP, TIMESTAMP, TIMESTAMP, TIMESTAMP, TIMESTAMP,
            TIMESTAMP, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, VARCHAR, TIMESTAMP, NUMERIC, VARCHAR, BIGINT,
            TIMESTAMP, VARCHAR};

    private final JdbcTemplate jdbc;

    FactStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The facts of these complaints in the generation; complaints not seen yet are absent. */
    Map<String, ComplaintFact> load(int generation, Collection<String> complaintIds) {
        Map<String, ComplaintFact> facts = new HashMap<>();
        if (complaintIds.isEmpty()) {
            return facts;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement(
                    "select complaint_id, state::text from complaint_fact where generation = ? and complaint_id = any(?)");
            ps.setInt(1, generation);
            ps.setArray(2, con.createArrayOf("varchar", complaintIds.toArray()));
            return ps;
        }, rs -> {
            facts.put(rs.getString(1), read(rs.getString(2)));
        });
        return facts;
    }

    /**
     * The last sequence folded into each of these complaints' facts in the generation; complaints it has no fact of
     * are absent. Cheap (no state is read): it tells a catch-up which events it can skip.
     */
    Map<String, Long> lastSequences(int generation, Collection<String> complaintIds) {
        Map<String, Long> sequences = new HashMap<>();
        if (complaintIds.isEmpty()) {
            return sequences;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement(
                    "select complaint_id, last_sequence from complaint_fact where generation = ? and complaint_id = any(?)");
            ps.setInt(1, generation);
            ps.setArray(2, con.createArrayOf("varchar", complaintIds.toArray()));
            return ps;
        }, rs -> {
            sequences.put(rs.getString(1), rs.getLong(2));
        });
        return sequences;
    }

    /** Writes the facts, with their clocks and topics, replacing what the generation had for those complaints. */
    void save(int generation, Collection<ComplaintFact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(facts.size());
        List<Object[]> clocks = new ArrayList<>();
        List<Object[]> topics = new ArrayList<>();
        List<String> ids = new ArrayList<>(facts.size());
        for (ComplaintFact f : facts) {
            rows.add(new Object[] {generation, f.complaintId, ts(f.receivedAt), f.channel, f.infoType, f.category,
                    f.severity, f.product, f.region, f.language, f.department, f.publicPost, f.status.name(),
                    ts(f.assignedAt), ts(f.acknowledgedAt), ts(f.resolvedAt), ts(f.closedAt), ts(f.withdrawnAt),
                    ts(f.feedbackSentAt), f.reopened, f.transfers, f.warnings, f.escalations, f.satisfaction,
                    f.duplicateOf, ts(f.promisedEta), f.compensationPaid, f.compensationCurrency, f.lastSequence,
                    ts(f.lastEventAt), write(f)});
            ids.add(f.complaintId);
            f.clocks.forEach((id, c) -> clocks.add(new Object[] {generation, f.complaintId, id, f.department,
                    ts(c.startedAt), ts(c.dueAt), ts(FactProjector.metAt(f, c)), c.escalations}));
            if (f.receivedAt != null) {
                f.topics().forEach(t -> topics.add(new Object[] {generation, f.complaintId, t, ts(f.receivedAt)}));
            }
        }
        jdbc.batchUpdate("""
                insert into complaint_fact (generation, complaint_id, received_at, channel, info_type, category,
                    severity, product, region, language, department, public_post, status, assigned_at,
                    acknowledged_at, resolved_at, closed_at, withdrawn_at, feedback_sent_at, reopened, transfers,
                    warnings, escalations, satisfaction, duplicate_of, promised_eta, compensation_paid,
                    compensation_currency, last_sequence, last_event_at, state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (generation, complaint_id) do update set
                    received_at = excluded.received_at, channel = excluded.channel, info_type = excluded.info_type,
                    category = excluded.category, severity = excluded.severity, product = excluded.product,
                    region = excluded.region, language = excluded.language, department = excluded.department,
                    public_post = excluded.public_post, status = excluded.status, assigned_at = excluded.assigned_at,
                    acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at,
                    closed_at = excluded.closed_at, withdrawn_at = excluded.withdrawn_at,
                    feedback_sent_at = excluded.feedback_sent_at, reopened = excluded.reopened,
                    transfers = excluded.transfers, warnings = excluded.warnings, escalations = excluded.escalations,
                    satisfaction = excluded.satisfaction, duplicate_of = excluded.duplicate_of,
                    promised_eta = excluded.promised_eta, compensation_paid = excluded.compensation_paid,
                    compensation_currency = excluded.compensation_currency, last_sequence = excluded.last_sequence,
                    last_event_at = excluded.last_event_at, state = excluded.state
                """, rows, FACT_TYPES);
        // one set-based statement per table, not one per complaint: a per-row delete is planned once as a generic
        // plan, and on a table that was empty when the plan was made that plan is a sequential scan
        deleteOf("clock_fact", generation, ids);
        deleteOf("topic_fact", generation, ids);
        jdbc.batchUpdate("""
                insert into clock_fact (generation, complaint_id, clock_id, department, started_at, due_at, met_at,
                    escalations)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, clocks, new int[] {INTEGER, VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, TIMESTAMP, TIMESTAMP, INTEGER});
        jdbc.batchUpdate("insert into topic_fact (generation, complaint_id, topic, received_at) values (?, ?, ?, ?)",
                topics, new int[] {INTEGER, VARCHAR, VARCHAR, TIMESTAMP});
    }

    /**
     * Writes the facts of complaints that this generation has no facts of yet (a rebuild or a snapshot fills a fresh
     * generation, each complaint once), with COPY: nothing to replace and no conflict to check, so PostgreSQL does a
     * fraction of the work of the upsert in {@link #save}. The rows are the same as {@code save} writes. A complaint
     * the generation already has makes the COPY fail on the primary key, never a second row.
     */
    void insertNew(int generation, Collection<ComplaintFact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        CsvCopy rows = new CsvCopy("""
                complaint_fact (generation, complaint_id, received_at, channel, info_type, category, severity, product,
                    region, language, department, public_post, status, assigned_at, acknowledged_at, resolved_at,
                    closed_at, withdrawn_at, feedback_sent_at, reopened, transfers, warnings, escalations,
                    satisfaction, duplicate_of, promised_eta, compensation_paid, compensation_currency, last_sequence,
                    last_event_at, state)""");
        CsvCopy clocks = new CsvCopy(
                "clock_fact (generation, complaint_id, clock_id, department, started_at, due_at, met_at, escalations)");
        CsvCopy topics = new CsvCopy("topic_fact (generation, complaint_id, topic, received_at)");
        for (ComplaintFact f : facts) {
            rows.add(generation).add(f.complaintId).add(f.receivedAt).add(f.channel).add(f.infoType).add(f.category)
                    .add(f.severity).add(f.product).add(f.region).add(f.language).add(f.department).add(f.publicPost)
                    .add(f.status.name()).add(f.assignedAt).add(f.acknowledgedAt).add(f.resolvedAt).add(f.closedAt)
                    .add(f.withdrawnAt).add(f.feedbackSentAt).add(f.reopened).add(f.transfers).add(f.warnings)
                    .add(f.escalations).add(f.satisfaction).add(f.duplicateOf).add(f.promisedEta)
                    .add(f.compensationPaid).add(f.compensationCurrency).add(f.lastSequence).add(f.lastEventAt)
                    .add(write(f)).endRow();
            f.clocks.forEach((id, c) -> clocks.add(generation).add(f.complaintId).add(id).add(f.department)
                    .add(c.startedAt).add(c.dueAt).add(FactProjector.metAt(f, c)).add(c.escalations).endRow());
            if (f.receivedAt != null) {
                f.topics().forEach(t -> topics.add(generation).add(f.complaintId).add(t).add(f.receivedAt).endRow());
            }
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            rows.send(con);
            clocks.send(con);
            topics.send(con);
            return null;
        });
    }

    private void deleteOf(String table, int generation, List<String> complaintIds) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("delete from " + table + " where generation = ? and complaint_id = any(?)");
            ps.setInt(1, generation);
            ps.setArray(2, con.createArrayOf("varchar", complaintIds.toArray()));
            return ps;
        });
    }

    /** Removes a generation's facts (a retired build, an old snapshot). */
    void delete(int generation) {
        jdbc.update("delete from topic_fact where generation = ?", generation);
        jdbc.update("delete from clock_fact where generation = ?", generation);
        jdbc.update("delete from complaint_fact where generation = ?", generation);
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static String write(ComplaintFact fact) {
        try {
            return JSON.writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a complaint fact could not be written as JSON", e);
        }
    }

    private static ComplaintFact read(String json) {
        try {
            return JSON.readValue(json, ComplaintFact.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored complaint fact could not be read", e);
        }
    }
}
