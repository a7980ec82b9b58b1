package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the customer's answer to a request for information; the complaint no longer waits for the customer. */
public record RecordCustomerReplyCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String reply,
        Actor actor) implements ComplaintCommand {
}
