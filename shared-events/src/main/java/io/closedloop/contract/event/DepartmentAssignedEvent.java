package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A department became responsible for the complaint, with a priority, by a routing rule of a given version. */
@Revision("1")
public record DepartmentAssignedEvent(String complaintId,
        String department,
        String priority,
        String reason,
        String rulesVersion,
        Instant assignedAt,
        Actor actor) implements ComplaintEvent {
}
