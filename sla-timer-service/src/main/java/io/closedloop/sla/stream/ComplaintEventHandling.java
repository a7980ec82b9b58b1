package io.closedloop.sla.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.sla.keeping.ClockKeeping;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * What sla-timer-service does about one complaint event, once: the stream consumer calls it for each event of a
 * batch, and a release of a parked complaint for each event that waited.
 */
@Component
class ComplaintEventHandling {

    private final ProcessedEventInbox inbox;
    private final Clock clock;

    ComplaintEventHandling(ProcessedEventInbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Keeps the event's clocks unless it was handled before; {@code true} if this was its first delivery. Runs inside
     * the caller's transaction, so the inbox row and the clock decisions commit together; the batch's commands are
     * sent before that commit ({@link ClockKeeping.Batch#await()}).
     */
    boolean handle(ComplaintEventEnvelope event, ClockKeeping.Batch batch) {
        if (!inbox.recordIfNew(event, clock.instant())) {
            return false;
        }
        batch.onEvent(event);
        return true;
    }
}
