package io.closedloop.sla.keeping;

import io.closedloop.sla.clock.TimelineEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Every clock's story, line by line, as it happened. Only ever appended to. */
@Repository
public class ClockTimeline {

    private final JdbcClient jdbc;

    ClockTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(String complaintId, List<TimelineEntry> entries, Instant recordedAt) {
        for (TimelineEntry e : entries) {
            jdbc.sql("""
                            insert into clock_timeline
                                (complaint_id, clock_id, generation, kind, at, detail, department, recorded_at)
                            values (:complaintId, :clockId, :generation, :kind, :at, :detail, :department, :recordedAt)
                            """)
                    .param("complaintId", complaintId)
                    .param("clockId", e.clockId())
                    .param("generation", e.generation())
                    .param("kind", e.kind().name())
                    .param("at", utc(e.at()))
                    .param("detail", e.detail())
                    .param("department", e.department())
                    .param("recordedAt", utc(recordedAt))
                    .update();
        }
    }

    public List<TimelineEntry> of(String complaintId) {
        return jdbc.sql("""
                        select clock_id, generation, kind, at, detail, department from clock_timeline
                        where complaint_id = :id order by id
                        """)
                .param("id", complaintId)
                .query((rs, n) -> new TimelineEntry(rs.getString(1), rs.getInt(2),
                        TimelineEntry.Kind.valueOf(rs.getString(3)), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getString(5), rs.getString(6)))
                .list();
    }

    /** A department's missed deadlines in a period, by clock (考核): one per deadline the complaint recorded as missed. */
    public record BreachCount(String department, String clockId, long breaches) {
    }

    /**
     * Deadlines missed in {@code [from, to)}, per department and clock.
     *
     * @param department only this department's, or null for every department's (and the unassigned)
     */
    public List<BreachCount> breaches(Instant from, Instant to, String department) {
        return jdbc.sql("""
                        select coalesce(department, '(unassigned)'), clock_id, count(*) from clock_timeline
                        where kind = 'BREACHED' and at >= :from and at < :to
                          and (cast(:department as text) is null or department = :department)
                        group by 1, 2 order by 3 desc, 1, 2
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("department", department)
                .query((rs, n) -> new BreachCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
