package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The department decided and carried out a solution. */
@Revision("1")
public record ComplaintResolvedEvent(String complaintId,
        String solution,
        Instant resolvedAt,
        Actor actor) implements ComplaintEvent {
}
