package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Deadline;
import org.axonframework.serialization.Revision;

import java.util.List;

/** The SLA service started clocks on the complaint; each names its calendar and policy version. */
@Revision("1")
public record DeadlinesSetEvent(String complaintId,
        List<Deadline> deadlines,
        Actor actor) implements ComplaintEvent {
}
