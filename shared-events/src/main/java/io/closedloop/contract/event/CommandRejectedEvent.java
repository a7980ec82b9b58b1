package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** A command was refused by the complaint's rules; recorded so an auditor can see why nothing happened. */
@Revision("1")
public record CommandRejectedEvent(String complaintId,
        String commandType,
        String commandId,
        String reason,
        Actor actor) implements ComplaintEvent {
}
