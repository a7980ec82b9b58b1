package io.closedloop.analytics.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The builds of the projections: the live one the API serves, one being rebuilt beside it, and snapshots as of a
 * past moment. Switching the live generation is one update under the lock the live projection also takes.
 */
@Repository
public class Generations {

    /** One build, with its progress. */
    public record Generation(int generation, String kind, String state, Instant asOf, long position, long target,
            long events, Instant startedAt, Instant finishedAt, String failure) {

        /** How far the build is, 0..1; a finished build is 1. */
        public double progress() {
            if (finishedAt != null || target == 0) {
                return finishedAt != null || "active".equals(state) ? 1.0 : 0.0;
            }
            return Math.min(1.0, (double) position / target);
        }
    }

    /** Advisory lock key: the live projection holds it shared per batch, the switch to a new build exclusively. */
    static final long SWITCH_LOCK = 0x616e616c79746963L; // "analytic"

    private final JdbcTemplate jdbc;

    Generations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int live() {
        Integer generation = jdbc.queryForObject(
                "select generation from projection_generation where kind = 'live' and state = 'active'", Integer.class);
        if (generation == null) {
            throw new IllegalStateException("no live projection generation is active");
        }
        return generation;
    }

    public List<Generation> all() {
        return jdbc.query("select * from projection_generation order by generation desc", Generations::row);
    }

    public Optional<Generation> find(int generation) {
        return jdbc.query("select * from projection_generation where generation = ?", Generations::row, generation)
                .stream().findFirst();
    }

    Optional<Generation> building() {
        return jdbc.query("select * from projection_generation where kind = 'live' and state = 'building'",
                Generations::row).stream().findFirst();
    }

    Optional<Generation> readySnapshot(Instant asOf) {
        return jdbc.query("""
                select * from projection_generation where kind = 'as-of' and state = 'ready' and as_of = ?
                """, Generations::row, Timestamp.from(asOf)).stream().findFirst();
    }

    List<Generation> snapshotsOldestFirst() {
        return jdbc.query("select * from projection_generation where kind = 'as-of' order by generation",
                Generations::row);
    }

    int create(String kind, Instant asOf, long target, Instant now) {
        Integer generation = jdbc.queryForObject("""
                insert into projection_generation (generation, kind, state, as_of, target, started_at)
                select coalesce(max(generation), 0) + 1, ?, 'building', ?, ?, ? from projection_generation
                returning generation
                """, Integer.class, kind, asOf == null ? null : Timestamp.from(asOf), target, Timestamp.from(now));
        return generation == null ? 0 : generation;
    }

    void progress(int generation, long position, long target, long events) {
        jdbc.update("update projection_generation set position = ?, target = ?, events = ? where generation = ?",
                position, target, events, generation);
    }

    void finish(int generation, String state, Instant now) {
        jdbc.update("update projection_generation set state = ?, finished_at = ? where generation = ?", state,
                Timestamp.from(now), generation);
    }

    void fail(int generation, String failure, Instant now) {
        jdbc.update("update projection_generation set state = 'failed', failure = ?, finished_at = ? where generation = ?",
                failure, Timestamp.from(now), generation);
    }

    /** Makes the build the live generation; the one it replaces is retired. Run under the exclusive lock. */
    void activate(int generation, Instant now) {
        jdbc.update("update projection_generation set state = 'retired' where kind = 'live' and state = 'active'");
        jdbc.update("update projection_generation set state = 'active', finished_at = ? where generation = ?",
                Timestamp.from(now), generation);
    }

    void remove(int generation) {
        jdbc.update("delete from projection_generation where generation = ?", generation);
    }

    void lockShared() {
        jdbc.queryForObject("select pg_advisory_xact_lock_shared(?)::text", String.class, SWITCH_LOCK);
    }

    void lockExclusive() {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)::text", String.class, SWITCH_LOCK);
    }

    private static Generation row(ResultSet rs, int n) throws SQLException {
        Timestamp asOf = rs.getTimestamp("as_of");
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Generation(rs.getInt("generation"), rs.getString("kind"), rs.getString("state"),
                asOf == null ? null : asOf.toInstant(), rs.getLong("position"), rs.getLong("target"),
                rs.getLong("events"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("failure"));
    }
}
