package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
/** Tell the customer in advance that a deadline cannot be met, why, and the new expected time. */
public record PromiseExtensionCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String clockId,
        Instant newEta,
        String reason,
        Actor actor) implements ComplaintCommand {
}
