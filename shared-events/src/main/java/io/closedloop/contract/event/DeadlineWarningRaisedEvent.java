package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A clock is about to fall due and is not yet met: an early warning (重大投诉风险预警). */
@Revision("1")
public record DeadlineWarningRaisedEvent(String complaintId,
        String clockId,
        Instant dueAt,
        Instant warnedAt,
        Actor actor) implements ComplaintEvent {
}
