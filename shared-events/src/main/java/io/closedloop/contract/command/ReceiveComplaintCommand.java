package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.ComplaintSubmission;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record a complaint a channel handed in; starts a new stream. Intake derives {@code complaintId} from the
 * channel and the channel's own message id, so a repeat delivery targets the same, already existing stream.
 */
public record ReceiveComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        ComplaintSubmission submission,
        Actor actor) implements ComplaintCommand {
}
