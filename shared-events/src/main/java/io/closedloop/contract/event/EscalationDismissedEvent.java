package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** An escalation was asked for and refused, with the reason (e.g. the deadline was met before it fell due). */
@Revision("1")
public record EscalationDismissedEvent(String complaintId,
        String clockId,
        int level,
        String reason,
        Actor actor) implements ComplaintEvent {
}
