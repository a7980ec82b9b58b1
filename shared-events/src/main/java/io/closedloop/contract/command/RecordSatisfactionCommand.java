package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Record the customer's satisfaction (score 1-5, comment, how it was asked). */
public record RecordSatisfactionCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        int score,
        String comment,
        String method,
        Actor actor) implements ComplaintCommand {
}
