package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ask the customer for information the handling needs (a photo, an invoice, a time for a visit). From then on the
 * complaint waits for the customer, and sla-timer-service pauses its clocks until the customer replies.
 */
public record RequestCustomerInformationCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String question,
        Actor actor) implements ComplaintCommand {
}
