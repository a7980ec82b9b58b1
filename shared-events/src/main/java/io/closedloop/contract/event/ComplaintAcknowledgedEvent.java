package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The responsible department told the customer the complaint was received and is being handled. */
@Revision("1")
public record ComplaintAcknowledgedEvent(String complaintId,
        String department,
        String message,
        Instant acknowledgedAt,
        Actor actor) implements ComplaintEvent {
}
