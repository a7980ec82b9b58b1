package io.closedloop.contract.command;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Deadline;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
/** Start the clocks that sla-timer-service computed for this complaint. */
public record SetDeadlinesCommand(String commandId,
        @TargetAggregateIdentifier String complaintId,
        List<Deadline> deadlines,
        Actor actor) implements ComplaintCommand {
}
