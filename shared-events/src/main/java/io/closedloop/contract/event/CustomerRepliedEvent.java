package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The customer answered what was asked of them; the complaint no longer waits for the customer, and
 * sla-timer-service resumes its clocks from {@code repliedAt}. Recorded only while the complaint was waiting.
 */
@Revision("1")
public record CustomerRepliedEvent(String complaintId,
        String reply,
        Instant repliedAt,
        Actor actor) implements ComplaintEvent {
}
