package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** The complaint was opened again, e.g. because the customer was not satisfied. */
@Revision("1")
public record ComplaintReopenedEvent(String complaintId,
        String reason,
        Actor actor) implements ComplaintEvent {
}
