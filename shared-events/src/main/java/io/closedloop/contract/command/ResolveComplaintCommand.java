package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Record the solution the department decided and carried out. */
public record ResolveComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String solution,
        Actor actor) implements ComplaintCommand {
}
