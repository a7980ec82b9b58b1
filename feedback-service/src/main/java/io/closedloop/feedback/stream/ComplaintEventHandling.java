package io.closedloop.feedback.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.feedback.loop.ComplaintLoop;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * What feedback does with one complaint event, the first time it sees it: the stream consumer's work for a first
 * delivery, and a parked complaint's release for the events that waited.
 */
@Component
class ComplaintEventHandling {

    private final ProcessedEventInbox inbox;
    private final ComplaintLoop loop;
    private final Clock clock;

    ComplaintEventHandling(ProcessedEventInbox inbox, ComplaintLoop loop, Clock clock) {
        this.inbox = inbox;
        this.loop = loop;
        this.clock = clock;
    }

    /**
     * Records the event in the inbox and acts on it, in the caller's transaction, so that the inbox row and its
     * effects commit together: a redelivery after a crash finds both or neither.
     *
     * @return false if the event had been handled before (a redelivery), and nothing was done
     */
    boolean handle(ComplaintEventEnvelope event) {
        Instant now = clock.instant();
        if (!inbox.recordIfNew(event, now)) {
            return false;
        }
        loop.on(event, now);
        return true;
    }
}
