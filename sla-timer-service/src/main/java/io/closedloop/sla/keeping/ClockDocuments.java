package io.closedloop.sla.keeping;

import io.closedloop.sla.DocumentJson;
import io.closedloop.sla.clock.ClockState;
import io.closedloop.sla.clock.ComplaintClocks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Each complaint's clocks as one JSON document, locked while a decision about it is made. */
@Repository
class ClockDocuments {

    private final JdbcClient jdbc;

    ClockDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The complaint's clocks, its row locked until the transaction ends, so the stream consumer and a timer never
     * decide about the same complaint at once. A complaint not seen before gets a row first, so there is always
     * something to lock.
     */
    ComplaintClocks lock(String complaintId, Instant now) {
        jdbc.sql("""
                        insert into complaint_clocks (complaint_id, state, updated_at)
                        values (:id, cast(:state as jsonb), :now)
                        on conflict (complaint_id) do nothing
                        """)
                .param("id", complaintId)
                .param("state", DocumentJson.write(ComplaintClocks.unknown(complaintId)))
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
        return jdbc.sql("select state::text from complaint_clocks where complaint_id = :id for update")
                .param("id", complaintId)
                .query((rs, n) -> DocumentJson.readStored(rs.getString(1), ComplaintClocks.class))
                .single();
    }

    /** For a timer: the clocks of a complaint that exists, locked; empty if there is none. */
    Optional<ComplaintClocks> lockExisting(String complaintId) {
        return jdbc.sql("select state::text from complaint_clocks where complaint_id = :id for update")
                .param("id", complaintId)
                .query((rs, n) -> DocumentJson.readStored(rs.getString(1), ComplaintClocks.class))
                .optional();
    }

    Optional<ComplaintClocks> find(String complaintId) {
        return jdbc.sql("select state::text from complaint_clocks where complaint_id = :id")
                .param("id", complaintId)
                .query((rs, n) -> DocumentJson.readStored(rs.getString(1), ComplaintClocks.class))
                .optional();
    }

    void save(ComplaintClocks clocks, Instant now) {
        jdbc.sql("""
                        update complaint_clocks set state = cast(:state as jsonb), updated_at = :now,
                            running_clocks = :running, paused_clocks = :paused, waits_for_calendar = :waits
                        where complaint_id = :id
                        """)
                .param("id", clocks.complaintId())
                .param("running", clocks.count(ClockState.RUNNING))
                .param("paused", clocks.count(ClockState.PAUSED))
                .param("waits", clocks.waitsForCalendar())
                .param("state", DocumentJson.write(clocks))
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
    }

    /** How many clocks run and how many are paused, over all complaints: for the metrics. */
    java.util.Map<ClockState, Long> countActive() {
        return jdbc.sql("""
                        select coalesce(sum(running_clocks), 0), coalesce(sum(paused_clocks), 0) from complaint_clocks
                        where running_clocks > 0 or paused_clocks > 0
                        """)
                .query((rs, n) -> java.util.Map.of(ClockState.RUNNING, rs.getLong(1), ClockState.PAUSED, rs.getLong(2)))
                .single();
    }

    /** Complaints with a clock whose due time fell in a year the calendar did not cover yet. */
    java.util.List<String> waitingForCalendar(int limit, String after) {
        return jdbc.sql("""
                        select complaint_id from complaint_clocks where waits_for_calendar and complaint_id > :after
                        order by complaint_id limit :limit
                        """)
                .param("after", after)
                .param("limit", limit)
                .query(String.class)
                .list();
    }
}
