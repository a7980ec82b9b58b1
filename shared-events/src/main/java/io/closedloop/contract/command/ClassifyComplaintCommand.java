package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.InfoType;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
/** Classify the complaint, or correct a classification (a person's correction sets {@code correction}). */
public record ClassifyComplaintCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        InfoType infoType,
        String category,
        String severity,
        List<String> topics,
        String classifiedBy,
        Double confidence,
        boolean correction,
        Actor actor) implements ComplaintCommand {
}
