package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Move the complaint to another department, with the reason. */
public record TransferComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String toDepartment,
        String reason,
        Actor actor) implements ComplaintCommand {
}
