package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A clock fell due unmet; the complaint is escalated to a higher level each time it stays missed. */
@Revision("1")
public record EscalationRaisedEvent(String complaintId,
        String clockId,
        int level,
        Instant dueAt,
        String escalatedTo,
        Actor actor) implements ComplaintEvent {
}
