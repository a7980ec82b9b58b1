package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** The department acknowledges the complaint to the customer. */
public record AcknowledgeComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String department,
        String message,
        Actor actor) implements ComplaintCommand {
}
