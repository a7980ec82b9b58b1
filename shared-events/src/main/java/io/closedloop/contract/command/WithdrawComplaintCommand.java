package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** The customer withdraws the complaint. */
public record WithdrawComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String reason,
        Actor actor) implements ComplaintCommand {
}
