package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Mark the complaint as a repeat of an earlier one (same customer and issue within a window). */
public record MarkDuplicateCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String originalComplaintId,
        String reason,
        Actor actor) implements ComplaintCommand {
}
