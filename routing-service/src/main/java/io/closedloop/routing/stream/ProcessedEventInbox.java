package io.closedloop.routing.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The complaint events this service has already handled, by event id. Kafka delivers at least once; this table
 * makes the service act at most once per event, so together each event is handled exactly once.
 */
@Repository
class ProcessedEventInbox {

    private final JdbcClient jdbc;

    ProcessedEventInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the event unless it is already there; {@code true} if this is its first delivery. */
    boolean recordIfNew(ComplaintEventEnvelope event, Instant consumedAt) {
        int inserted = jdbc.sql("""
                        insert into processed_event (event_id, complaint_id, sequence, event_type, consumed_at)
                        values (:eventId, :complaintId, :sequence, :eventType, :consumedAt)
                        on conflict (event_id) do nothing
                        """)
                .param("eventId", event.eventId())
                .param("complaintId", event.complaintId())
                .param("sequence", event.sequence())
                .param("eventType", event.type())
                .param("consumedAt", OffsetDateTime.ofInstant(consumedAt, ZoneOffset.UTC))
                .update();
        return inserted == 1;
    }
}
