package io.closedloop.stream.parking;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Complaints whose stream a service stopped following because one of their events was dead-lettered
 * (ARCHITECTURE.md section 2: "a complaint whose event failed is parked; later events of the same key wait rather
 * than being processed out of order"). Acting on a stream with a hole in it is worse than waiting: routing an
 * assignment before the classification it depends on, keeping a clock whose pause never resumed, writing to a customer
 * about a complaint whose resolution was never seen. Other complaints on the same partition carry on.
 * {@link ParkedComplaintRelease} lets an operator resume a parked complaint.
 * <p>
 * Tables {@code parked_complaint}, {@code held_event} and {@code released_parking}, in each service's own database
 * (their DDL is in each service's migrations, as routing-service's {@code V20__parked_complaints.sql}).
 */
public class ParkedComplaints {

    /** A parked complaint: why, which record failed, and how many of its later events are waiting. */
    public record Parked(String complaintId, Instant parkedAt, String reason, String failedRecord,
            String lastReleaseFailure, long waitingEvents) {
    }

    private final JdbcClient jdbc;

    ParkedComplaints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Parks the complaint the failed record belongs to; parking it again changes nothing. */
    public void park(String complaintId, ConsumerRecord<?, ?> failed, String reason, Instant at) {
        jdbc.sql("""
                        insert into parked_complaint
                            (complaint_id, parked_at, reason, failed_topic, failed_partition, failed_offset, failed_value)
                        values (:id, :at, :reason, :topic, :partition, :offset, :value)
                        on conflict (complaint_id) do nothing
                        """)
                .param("id", complaintId)
                .param("at", utc(at))
                // the reason may quote the bad value itself; PostgreSQL text cannot hold a NUL or other C0 controls
                .param("reason", reason == null ? "" : reason.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?"))
                .param("topic", failed.topic())
                .param("partition", failed.partition())
                .param("offset", failed.offset())
                .param("value", failed.value() instanceof byte[] bytes ? bytes : null)
                .update();
    }

    /**
     * Whether the complaint is parked. Takes a share lock on its row, so that while a release is under way (it holds
     * the row for update) the stream waits for it instead of overtaking the events being released.
     */
    boolean isParked(String complaintId) {
        return !jdbc.sql("select 1 from parked_complaint where complaint_id = ? for share")
                .param(complaintId)
                .query(Integer.class)
                .list()
                .isEmpty();
    }

    /**
     * Keeps the event back if its complaint is parked: acting on it now would act on a stream with a hole in it.
     *
     * @return whether it was kept back (and must not be handled)
     */
    public boolean holdIfParked(ComplaintEventEnvelope event, byte[] value, Instant at) {
        if (!isParked(event.complaintId())) {
            return false;
        }
        hold(event.complaintId(), event, value, at);
        return true;
    }

    /** Keeps a later event of a parked complaint until the complaint is released; a redelivery changes nothing. */
    void hold(String complaintId, ComplaintEventEnvelope event, byte[] value, Instant at) {
        jdbc.sql("""
                        insert into held_event (complaint_id, event_id, sequence, value, held_at)
                        values (:id, :eventId, :sequence, :value, :at)
                        on conflict (complaint_id, event_id) do nothing
                        """)
                .param("id", complaintId)
                .param("eventId", event.eventId())
                .param("sequence", event.sequence())
                .param("value", value)
                .param("at", utc(at))
                .update();
    }

    public List<Parked> list() {
        return jdbc.sql(SELECT + " order by p.parked_at, p.complaint_id").query(ParkedComplaints::parked).list();
    }

    public Optional<Parked> find(String complaintId) {
        return jdbc.sql(SELECT + " where p.complaint_id = ?").param(complaintId).query(ParkedComplaints::parked)
                .optional();
    }

    /** The failed record's value, locking the complaint's row for the release; empty if it is not parked. */
    Optional<Optional<byte[]>> lockForRelease(String complaintId) {
        return jdbc.sql("select failed_value from parked_complaint where complaint_id = ? for update")
                .param(complaintId)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1)))
                .optional();
    }

    /** The waiting events' values in stream order. */
    List<byte[]> held(String complaintId) {
        return jdbc.sql("select value from held_event where complaint_id = ? order by sequence, held_at")
                .param(complaintId)
                .query((rs, n) -> rs.getBytes(1))
                .list();
    }

    void unpark(String complaintId) {
        jdbc.sql("delete from parked_complaint where complaint_id = ?").param(complaintId).update();
    }

    void releaseFailed(String complaintId, String failure) {
        jdbc.sql("update parked_complaint set last_release_failure = ? where complaint_id = ?")
                .params(failure, complaintId)
                .update();
    }

    public long count() {
        return jdbc.sql("select count(*) from parked_complaint").query(Long.class).single();
    }

    private static final String SELECT = """
            select p.complaint_id, p.parked_at, p.reason, p.failed_topic, p.failed_partition, p.failed_offset,
                   p.last_release_failure,
                   (select count(*) from held_event h where h.complaint_id = p.complaint_id) as waiting
              from parked_complaint p""";

    private static Parked parked(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Parked(rs.getString("complaint_id"), rs.getObject("parked_at", OffsetDateTime.class).toInstant(),
                rs.getString("reason"),
                rs.getString("failed_topic") + "-" + rs.getInt("failed_partition") + "@" + rs.getLong("failed_offset"),
                rs.getString("last_release_failure"), rs.getLong("waiting"));
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
