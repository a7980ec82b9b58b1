package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Closing was confirmed, by the customer or by a rule after a quiet period (闭环). */
@Revision("1")
public record ComplaintClosedEvent(String complaintId,
        String confirmation,
        Instant closedAt,
        Actor actor) implements ComplaintEvent {
}
