package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Record a step of the handling. */
public record NoteProgressCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String note,
        Actor actor) implements ComplaintCommand {
}
