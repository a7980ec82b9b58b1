package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
/** Escalate a missed clock to the next level; refused (and the refusal recorded) when the clock was met before it fell due or the complaint is closed. */
public record RaiseEscalationCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String clockId,
        int level,
        Instant dueAt,
        String escalateTo,
        Actor actor) implements ComplaintCommand {
}
