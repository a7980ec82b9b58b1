package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Record that written result feedback went to the customer (feedback-service sends it). */
public record RecordResultFeedbackCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String medium,
        String summary,
        Actor actor) implements ComplaintCommand {
}
