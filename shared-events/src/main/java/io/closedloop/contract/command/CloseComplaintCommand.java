package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Confirm closing: by the customer's answer, or by a rule after a quiet period. */
public record CloseComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String confirmation,
        Actor actor) implements ComplaintCommand {
}
