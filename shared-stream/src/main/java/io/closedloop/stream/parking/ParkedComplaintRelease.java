package io.closedloop.stream.parking;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resumes a parked complaint once an operator has dealt with the cause (deployed a fix, corrected the rules, or
 * decided the failed record is junk): the failed event is handled again or skipped, then every event that waited,
 * in stream order, and the complaint follows the stream again. All of it happens in one transaction that holds the
 * complaint's row, so the stream cannot overtake the release; if any event fails again, nothing of the release is
 * kept, the complaint stays parked and the failure is recorded on it.
 */
public class ParkedComplaintRelease {

    private static final Logger log = LoggerFactory.getLogger(ParkedComplaintRelease.class);

    /** What to do with the event that was dead-lettered. */
    public enum FailedEvent {
        /** handle it again: its cause has been fixed */
        RETRY,
        /** leave it out: it cannot be handled and the rest of the stream should go on without it */
        SKIP
    }

    /** One event of a parked complaint, as it was on the stream. */
    public record HeldEvent(ComplaintEventEnvelope event, byte[] value) {
    }

    /**
     * What the service does with the events of a released complaint, in stream order, inside the release's
     * transaction: what its stream consumer does with a first delivery. A failure leaves the complaint parked.
     */
    @FunctionalInterface
    public interface EventHandling {
        void handleInOrder(List<HeldEvent> events);
    }

    /** The complaint follows the stream again; this many events were handled on the way. */
    public record Released(String complaintId, FailedEvent failedEvent, int eventsHandled) {
    }

    /** The complaint is not parked (it never was, or it has been released already). */
    public static class NotParkedException extends RuntimeException {
        public NotParkedException(String complaintId) {
            super("complaint " + complaintId + " is not parked");
        }
    }

    /** The release failed again; the complaint stays parked, with this failure recorded on it. */
    public static class ReleaseFailedException extends RuntimeException {
        ReleaseFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ParkedComplaints parked;
    private final EventHandling handling;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Clock clock;

    ParkedComplaintRelease(ParkedComplaints parked, EventHandling handling, TransactionTemplate transactions,
            JdbcClient jdbc, Clock clock) {
        this.parked = parked;
        this.handling = handling;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Blocking (database and broker): call it off the event loop. */
    public Released release(String complaintId, FailedEvent failedEvent) {
        try {
            Released released = transactions.execute(status -> releaseLocked(complaintId, failedEvent));
            log.warn("Released parked complaint {}: the failed event was {}, {} events handled", complaintId,
                    failedEvent == FailedEvent.RETRY ? "handled again" : "skipped", released.eventsHandled());
            return released;
        } catch (NotParkedException e) {
            throw e;
        } catch (RuntimeException e) {
            String failure = clock.instant() + ": " + NestedExceptionUtils.getMostSpecificCause(e);
            transactions.executeWithoutResult(status -> parked.releaseFailed(complaintId, failure));
            throw new ReleaseFailedException("complaint " + complaintId + " stays parked; releasing it failed: "
                    + NestedExceptionUtils.getMostSpecificCause(e).getMessage(), e);
        }
    }

    private Released releaseLocked(String complaintId, FailedEvent failedEvent) {
        Optional<byte[]> failedValue = parked.lockForRelease(complaintId)
                .orElseThrow(() -> new NotParkedException(complaintId));
        Optional<ParkedComplaints.Parked> parking = parked.find(complaintId);
        List<byte[]> values = new ArrayList<>();
        if (failedEvent == FailedEvent.RETRY) {
            values.add(failedValue.orElseThrow(() -> new IllegalStateException(
                    "the failed record had no value to handle again; release with failedEvent=skip")));
        }
        values.addAll(parked.held(complaintId));
        List<HeldEvent> events = new ArrayList<>(values.size());
        for (byte[] value : values) {
            events.add(new HeldEvent(ComplaintEventReader.read(complaintId, value), value));
        }
        handling.handleInOrder(events);
        int handled = events.size();
        Instant now = clock.instant();
        int eventsHandled = handled;
        parking.ifPresent(p -> jdbc.sql("""
                        insert into released_parking
                            (complaint_id, parked_at, reason, released_at, failed_event, events_handled)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                .params(complaintId, OffsetDateTime.ofInstant(p.parkedAt(), ZoneOffset.UTC), p.reason(),
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                        failedEvent == FailedEvent.RETRY ? "retried" : "skipped", eventsHandled)
                .update());
        parked.unpark(complaintId);
        return new Released(complaintId, failedEvent, handled);
    }
}
