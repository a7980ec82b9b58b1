package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Approve proposed compensation. */
public record ApproveCompensationCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String compensationId,
        Money approvedAmount,
        String approver,
        Actor actor) implements ComplaintCommand {
}
