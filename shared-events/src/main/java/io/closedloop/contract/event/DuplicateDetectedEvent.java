package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** This complaint repeats an earlier one (same customer and issue within a window); it is not counted twice. */
@Revision("1")
public record DuplicateDetectedEvent(String complaintId,
        String originalComplaintId,
        String reason,
        Actor actor) implements ComplaintEvent {
}
