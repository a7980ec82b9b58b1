package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Open the complaint again, with the reason. */
public record ReopenComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String reason,
        Actor actor) implements ComplaintCommand {
}
