package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** The complaint moved from one department to another, with the reason. */
@Revision("1")
public record ComplaintTransferredEvent(String complaintId,
        String fromDepartment,
        String toDepartment,
        String reason,
        Actor actor) implements ComplaintEvent {
}
