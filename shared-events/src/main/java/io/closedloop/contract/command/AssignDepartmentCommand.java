package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
/** Make a department responsible for the complaint (routing-service decides which). */
public record AssignDepartmentCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        String department,
        String priority,
        String reason,
        String rulesVersion,
        Actor actor) implements ComplaintCommand {
}
