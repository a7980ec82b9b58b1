package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Propose compensation of a kind (refund, repair, replacement, voucher) and amount. */
public record ProposeCompensationCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String compensationId,
        String kind,
        Money amount,
        String reason,
        Actor actor) implements ComplaintCommand {
}
