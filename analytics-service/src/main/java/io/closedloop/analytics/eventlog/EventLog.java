package io.closedloop.analytics.eventlog;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * analytics-service's own copy of the complaint stream, in the order it was consumed. It is the inbox (the event id
 * is its key, so a redelivery changes nothing) and the source every projection is folded from, live or in a rebuild.
 */
@Repository
public class EventLog {

    /** One logged event: where it is in the log, the envelope, and the topic keywords taken from its text. */
    public record Entry(long position, ComplaintEventEnvelope envelope, List<String> keywords) {
    }

    /** An event to log, as it came off the topic. */
    public record Incoming(ComplaintEventEnvelope envelope, byte[] value, List<String> keywords) {
    }

    private final JdbcTemplate jdbc;
    /** the same database, fetching rows in chunks so that a rebuild streams the log instead of loading it */
    private final JdbcTemplate streaming;

    EventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(java.util.Objects.requireNonNull(jdbc.getDataSource()));
        this.streaming.setFetchSize(2_000);
    }

    /**
     * Logs the events not logged before, in the given order, and returns those (the first deliveries). Must run in
     * the caller's transaction, together with what is done about them.
     */
    public List<Incoming> append(List<Incoming> events, Instant consumedAt) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Incoming e : events) {
            ComplaintEventEnvelope env = e.envelope();
            rows.add(new Object[] {env.eventId(), env.complaintId(), env.sequence(), env.type(),
                    Timestamp.from(env.occurredAt()), Timestamp.from(consumedAt), e.value(),
                    e.keywords() == null ? null : e.keywords().toArray(String[]::new)});
        }
        int[] inserted = jdbc.batchUpdate("""
                insert into event_log (event_id, complaint_id, sequence, event_type, occurred_at, consumed_at,
                    envelope, keywords)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_id) do nothing
                """, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(java.sql.PreparedStatement ps, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int c = 0; c < 7; c++) {
                    ps.setObject(c + 1, row[c]);
                }
                String[] keywords = (String[]) row[7];
                if (keywords == null) {
                    ps.setNull(8, java.sql.Types.ARRAY);
                } else {
                    ps.setArray(8, ps.getConnection().createArrayOf("text", keywords));
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        List<Incoming> fresh = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] != 0) {
                fresh.add(events.get(i));
            }
        }
        return fresh;
    }

    /** Where the log ends now; 0 when it is empty. */
    public long lastPosition() {
        Long last = jdbc.queryForObject("select max(position) from event_log", Long.class);
        return last == null ? 0 : last;
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from event_log", Long.class);
        return count == null ? 0 : count;
    }

    /** When the newest event was recorded, or null. */
    public Instant lastOccurredAt() {
        // query, not queryForObject: an empty log has no row, which queryForObject would throw for
        return jdbc.query("select occurred_at from event_log order by position desc limit 1",
                (rs, n) -> rs.getTimestamp(1).toInstant()).stream().findFirst().orElse(null);
    }

    /** Entries after {@code position} up to {@code upTo}, in log order, at most {@code limit}. */
    public List<Entry> read(long position, long upTo, int limit) {
        return jdbc.query("""
                select position, complaint_id, envelope, keywords from event_log
                 where position > ? and position <= ? order by position limit ?
                """, (rs, n) -> entry(rs), position, upTo, limit);
    }

    /** Where an event is in the log and in its complaint's stream, without the event itself. */
    public record Mark(long position, String complaintId, long sequence) {
    }

    /**
     * The marks of the entries after {@code position} up to {@code upTo}, in log order, at most {@code limit}: enough
     * to tell which of them a projection has folded already, without reading and parsing their envelopes.
     */
    public List<Mark> marks(long position, long upTo, int limit) {
        return jdbc.query("""
                select position, complaint_id, sequence from event_log
                 where position > ? and position <= ? order by position limit ?
                """, (rs, n) -> new Mark(rs.getLong(1), rs.getString(2), rs.getLong(3)), position, upTo, limit);
    }

    /** The entries at these positions, in log order. */
    public List<Entry> read(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        return jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    select position, complaint_id, envelope, keywords from event_log
                     where position = any(?) order by position
                    """);
            ps.setArray(1, con.createArrayOf("bigint", positions.toArray()));
            return ps;
        }, (rs, n) -> entry(rs));
    }

    /**
     * An entry as stored, its envelope not read yet: a rebuild streams these from one connection and has them read
     * and folded on other threads.
     */
    public record Stored(long position, String complaintId, byte[] envelope, List<String> keywords) {

        /** Reads the envelope (as {@link ComplaintEventReader#read} does). */
        public Entry read() {
            return new Entry(position, LoggedEnvelopes.read(complaintId, envelope), keywords);
        }
    }

    /**
     * Streams every entry up to {@code upTo} (and recorded at or before {@code asOf}, if given) grouped by complaint
     * and in stream order within each complaint, without holding them all in memory. Must run inside a transaction
     * (PostgreSQL only streams with a cursor then).
     */
    public void streamByComplaint(long upTo, Instant asOf, Consumer<Stored> each) {
        RowCallbackHandler handler = rs -> each.accept(stored(rs));
        if (asOf == null) {
            streaming.query("""
                    select position, complaint_id, envelope, keywords from event_log
                     where position <= ? order by complaint_id, sequence
                    """, handler, upTo);
        } else {
            streaming.query("""
                    select position, complaint_id, envelope, keywords from event_log
                     where position <= ? and occurred_at <= ? order by complaint_id, sequence
                    """, handler, upTo, Timestamp.from(asOf));
        }
    }

    /** One complaint's events in stream order. */
    public List<Entry> complaint(String complaintId) {
        return jdbc.query("""
                select position, complaint_id, envelope, keywords from event_log
                 where complaint_id = ? order by sequence
                """, (rs, n) -> entry(rs), complaintId);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return stored(rs).read();
    }

    /** A row of {@code position, complaint_id, envelope, keywords}. */
    private static Stored stored(ResultSet rs) throws SQLException {
        Array keywords = rs.getArray(4);
        return new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3),
                keywords == null ? List.of() : Arrays.asList((String[]) keywords.getArray()));
    }
}
