package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** The department recorded a step of its investigation or handling. */
@Revision("1")
public record ProgressNotedEvent(String complaintId,
        String note,
        Actor actor) implements ComplaintEvent {
}
