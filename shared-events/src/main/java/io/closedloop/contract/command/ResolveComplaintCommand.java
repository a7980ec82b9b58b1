package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Record the solution the department decided and carried out, and what the written result feedback tells the
 * customer about it: the effect, which of the customer's suggestions were taken, and the follow-up service offered.
 * Those three were added within revision 1 and may be absent.
 */
public record ResolveComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String solution,
        String effect,
        List<String> suggestionsTaken,
        String followUp,
        Actor actor) implements ComplaintCommand {

    /** A resolution that states only the solution, as before the result-feedback fields existed. */
    public ResolveComplaintCommand(String commandId, String complaintId, String solution, Actor actor) {
        this(commandId, complaintId, solution, null, null, null, actor);
    }
}
