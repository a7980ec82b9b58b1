package io.closedloop.harness.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Grows every service's store by N complaints in minutes instead of days ({@code bench --stored N}), for the growth
 * figures: at the 15 complaints a second this machine sustains end to end, a million complaints through the stream
 * would take most of a day.
 * <p>
 * A template complaint goes through the platform first, as any other: received, classified, assigned, clocks set,
 * followed by feedback, counted by analytics. Then each service's per-complaint rows of the template are copied N
 * times in bulk SQL, each copy with its own complaint id, event ids, person and contact details, and received at a
 * minute of the past year, so that every table and index the services touch per complaint grows as N real complaints
 * would make it grow. Copies are of complaints that are over: no running clock, no pending mail, nothing for any
 * service to act on, and intake's copies of events take global indexes below zero, which the relay never reads, so
 * none of them reaches Kafka. Analytics' event log does hold them: a rebuild folds them, as it would real ones.
 * <p>
 * The tables are named here, not discovered: a copy must never make a service act (a pending mail copied a million
 * times would be sent a million times), so each table is copied on purpose, with the columns it needs changed. This
 * couples the bench to the services' schemas, and a migration that adds a per-complaint table should add it here.
 * A store grown this way is a bench store: its copied personal data keys are random bytes, not wrapped keys.
 */
final class StoreGrowth {

    /** Complaints per transaction: a batch of a few hundred thousand rows per table. */
    private static final int BATCH = 50_000;

    /** Per database, the statements that copy the template's rows for complaints {@code ?} to {@code ?}. */
    private static final Map<String, List<String>> COPIES = new LinkedHashMap<>();

    static {
        // In every statement: {t} the template's id, c the copy's number, id(c) its complaint id, ago(c) how long
        // before the template it was received (a minute of the past year).
        COPIES.put("intake", List.of(
                """
                insert into domainevententry (globalindex, aggregateidentifier, sequencenumber, type, eventidentifier,
                                              metadata, payload, payloadrevision, payloadtype, timestamp)
                select -nextval('bench_stored_index'), id(c), t.sequencenumber, t.type, gen_random_uuid()::text,
                       t.metadata, convert_to(replace(convert_from(t.payload, 'UTF8'), {t}, id(c)), 'UTF8'),
                       t.payloadrevision, t.payloadtype, t.timestamp
                from domainevententry t, generate_series(?::bigint, ?::bigint) c
                where t.aggregateidentifier = {t}""",
                """
                insert into processed_command (complaint_id, command_id, command_type, accepted, reason, processed_at)
                select id(c), gen_random_uuid()::text, t.command_type, t.accepted, t.reason, t.processed_at - ago(c)
                from processed_command t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into tracking_number (complaint_id, tracking_number, received_at)
                select id(c), 'S' || upper(substr(md5(id(c)), 1, 11)), t.received_at - ago(c)
                from tracking_number t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into personal_data_subject_complaint (subject_id, complaint_id)
                select 'subject-' || id(c), id(c)
                from personal_data_subject_complaint t, generate_series(?::bigint, ?::bigint) c
                where t.complaint_id = {t}""",
                """
                insert into personal_data_key (subject_id, data_key, master_key_id, created_at)
                select 'subject-' || id(c), sha256(convert_to(id(c) || random()::text, 'UTF8')), k.master_key_id,
                       k.created_at - ago(c)
                from personal_data_subject_complaint s join personal_data_key k on k.subject_id = s.subject_id,
                     generate_series(?::bigint, ?::bigint) c
                where s.complaint_id = {t}""",
                """
                insert into personal_data_contact (contact_digest, subject_id)
                select encode(sha256(convert_to(p.contact_digest || id(c), 'UTF8')), 'hex'), 'subject-' || id(c)
                from personal_data_subject_complaint s join personal_data_contact p on p.subject_id = s.subject_id,
                     generate_series(?::bigint, ?::bigint) c
                where s.complaint_id = {t}"""));
        COPIES.put("routing", List.of(
                """
                insert into processed_event (event_id, complaint_id, sequence, event_type, consumed_at)
                select gen_random_uuid()::text, id(c), t.sequence, t.event_type, t.consumed_at - ago(c)
                from processed_event t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into complaint_event_log (complaint_id, sequence, event_id, event_type, occurred_at, envelope)
                select id(c), t.sequence, gen_random_uuid()::text, t.event_type, t.occurred_at - ago(c),
                       convert_to(replace(convert_from(t.envelope, 'UTF8'), {t}, id(c)), 'UTF8')
                from complaint_event_log t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into complaint_routing (complaint_id, department, priority, rules_version, reason, received_at,
                                               updated_at)
                select id(c), t.department, t.priority, t.rules_version, t.reason, t.received_at - ago(c),
                       t.updated_at - ago(c)
                from complaint_routing t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}"""));
        COPIES.put("sla_timer", List.of(
                """
                insert into processed_event (event_id, complaint_id, sequence, event_type, consumed_at)
                select gen_random_uuid()::text, id(c), t.sequence, t.event_type, t.consumed_at - ago(c)
                from processed_event t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into clock_timeline (complaint_id, clock_id, generation, kind, at, detail, department,
                                            recorded_at)
                select id(c), t.clock_id, t.generation, t.kind, t.at - ago(c), t.detail, t.department,
                       t.recorded_at - ago(c)
                from clock_timeline t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                // over: no clock running or paused, nothing waiting for a calendar, and no timer (scheduled_tasks)
                """
                insert into complaint_clocks (complaint_id, state, updated_at, running_clocks, paused_clocks,
                                              waits_for_calendar)
                select id(c), t.state, t.updated_at - ago(c), 0, 0, false
                from complaint_clocks t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}"""));
        COPIES.put("feedback", List.of(
                """
                insert into processed_event (event_id, complaint_id, sequence, event_type, consumed_at)
                select gen_random_uuid()::text, id(c), t.sequence, t.event_type, t.consumed_at - ago(c)
                from processed_event t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                // closed, each by a person of their own (the repeat check looks people up by phone and email)
                """
                insert into complaint_case (complaint_id, received_at, channel, language, customer_name, phone,
                                            phone_digits, email, customer_id, product, subject, text, status, round,
                                            closed_at, updated_at)
                select id(c), t.received_at - ago(c), t.channel, t.language, t.customer_name,
                       '139' || lpad((c % 100000000)::text, 8, '0'), '139' || lpad((c % 100000000)::text, 8, '0'),
                       id(c) || '@stored.example', null, t.product, t.subject, t.text, 'closed', 1,
                       t.received_at - ago(c) + interval '3 days', t.received_at - ago(c) + interval '3 days'
                from complaint_case t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}"""));
        COPIES.put("analytics", List.of(
                """
                insert into event_log (event_id, complaint_id, sequence, event_type, occurred_at, consumed_at,
                                       envelope, keywords)
                select gen_random_uuid()::text, id(c), t.sequence, t.event_type, t.occurred_at - ago(c),
                       t.consumed_at - ago(c), convert_to(replace(convert_from(t.envelope, 'UTF8'), {t}, id(c)), 'UTF8'),
                       t.keywords
                from event_log t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}
                order by c, t.sequence""",
                """
                insert into complaint_fact (generation, complaint_id, received_at, channel, info_type, category,
                                            severity, product, region, language, department, public_post, status,
                                            assigned_at, acknowledged_at, resolved_at, closed_at, withdrawn_at,
                                            feedback_sent_at, reopened, transfers, warnings, escalations,
                                            satisfaction, duplicate_of, promised_eta, compensation_paid,
                                            compensation_currency, last_sequence, last_event_at, state)
                select t.generation, id(c), t.received_at - ago(c), t.channel, t.info_type, t.category, t.severity,
                       t.product, t.region, t.language, t.department, t.public_post, t.status, t.assigned_at - ago(c),
                       t.acknowledged_at - ago(c), t.resolved_at - ago(c), t.closed_at - ago(c),
                       t.withdrawn_at - ago(c), t.feedback_sent_at - ago(c), t.reopened, t.transfers, t.warnings,
                       t.escalations, t.satisfaction, t.duplicate_of, t.promised_eta - ago(c), t.compensation_paid,
                       t.compensation_currency, t.last_sequence, t.last_event_at - ago(c), t.state
                from complaint_fact t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into clock_fact (generation, complaint_id, clock_id, department, started_at, due_at, met_at,
                                        escalations)
                select t.generation, id(c), t.clock_id, t.department, t.started_at - ago(c), t.due_at - ago(c),
                       t.met_at - ago(c), t.escalations
                from clock_fact t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}""",
                """
                insert into topic_fact (generation, complaint_id, topic, received_at)
                select t.generation, id(c), t.topic, t.received_at - ago(c)
                from topic_fact t, generate_series(?::bigint, ?::bigint) c where t.complaint_id = {t}"""));
    }

    /** What each service's store must hold of the template before it is copied. */
    private static final Map<String, String> TEMPLATE_READY = Map.of(
            "intake", "select count(*) from domainevententry where aggregateidentifier = {t} and payloadtype like "
                    + "'%DeadlinesSet%'",
            "routing", "select count(*) from complaint_routing where complaint_id = {t} and department is not null",
            "sla_timer", "select count(*) from complaint_clocks where complaint_id = {t}",
            "feedback", "select count(*) from complaint_case where complaint_id = {t}",
            "analytics", "select count(*) from complaint_fact where complaint_id = {t} and department is not null");

    private final PlatformProcesses platform;

    StoreGrowth(PlatformProcesses platform) {
        this.platform = platform;
    }

    /** Waits until every service holds the template complaint, at most {@code patience}. */
    void awaitTemplate(String template, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Map.Entry<String, String> ready : TEMPLATE_READY.entrySet()) {
            try (Connection db = connect(ready.getKey())) {
                while (count(db, ready.getValue().replace("{t}", literal(template))) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the template complaint " + template + " did not reach "
                                + ready.getKey() + " within " + patience);
                    }
                    LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                }
            }
        }
    }

    /**
     * Copies the template {@code n} times into every service's store.
     *
     * @param tag a few letters that make this run's complaint ids its own ({@code stored-<tag>-<n>})
     * @return seconds spent per database
     */
    Map<String, Double> grow(String template, long n, String tag) throws SQLException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> database : COPIES.entrySet()) {
            long started = System.nanoTime();
            try (Connection db = connect(database.getKey())) {
                if (database.getKey().equals("intake")) {
                    try (Statement s = db.createStatement()) {
                        s.execute("create sequence if not exists bench_stored_index");
                    }
                }
                db.setAutoCommit(false);
                for (long from = 0; from < n; from += BATCH) {
                    long to = Math.min(n, from + BATCH) - 1;
                    for (String copy : database.getValue()) {
                        try (PreparedStatement statement = db.prepareStatement(expand(copy, template, tag))) {
                            statement.setLong(1, from);
                            statement.setLong(2, to);
                            statement.executeUpdate();
                        }
                    }
                    db.commit();
                    System.out.printf(Locale.ROOT, "  stored: %s %,d of %,d complaints (%.0f s)%n",
                            database.getKey(), to + 1, n, (System.nanoTime() - started) / 1e9);
                }
                db.setAutoCommit(true);
                // what autovacuum would have done long before a real store reached this size: without it, autovacuum
                // works through the new rows during the measured load and its CPU is counted as PostgreSQL's
                long vacuum = System.nanoTime();
                try (Statement s = db.createStatement()) {
                    s.execute("vacuum (analyze)");
                }
                System.out.printf(Locale.ROOT, "  stored: %s vacuumed and analysed (%.0f s)%n", database.getKey(),
                        (System.nanoTime() - vacuum) / 1e9);
            }
            seconds.put(database.getKey(), (System.nanoTime() - started) / 1e9);
        }
        return seconds;
    }

    /** The statement with the template, the copies' ids and their ages written in. */
    static String expand(String copy, String template, String tag) {
        if (!tag.matches("[a-z0-9]{1,12}")) {
            throw new IllegalArgumentException("a tag is 1 to 12 of a-z 0-9");
        }
        return copy.replace("{t}", literal(template))
                .replace("id(c)", "('stored-" + tag + "-' || c)")
                .replace("ago(c)", "((c % 525600) * interval '1 minute')");
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(database), "postgres", "postgres");
    }
}
