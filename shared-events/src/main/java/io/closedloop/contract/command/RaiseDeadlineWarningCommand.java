package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
/** Warn that a clock is about to fall due; refused when the clock is already met. */
public record RaiseDeadlineWarningCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String clockId,
        Instant dueAt,
        Actor actor) implements ComplaintCommand {
}
