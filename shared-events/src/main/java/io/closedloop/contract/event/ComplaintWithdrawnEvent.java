package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** The customer withdrew the complaint. */
@Revision("1")
public record ComplaintWithdrawnEvent(String complaintId,
        String reason,
        Actor actor) implements ComplaintEvent {
}
