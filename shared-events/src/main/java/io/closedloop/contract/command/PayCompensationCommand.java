package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Record that approved compensation was paid or carried out. */
public record PayCompensationCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String compensationId,
        Money amount,
        String paymentReference,
        Actor actor) implements ComplaintCommand {
}
