package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The customer was told in advance that a deadline cannot be met, why, and when to expect the result (超时处理). */
@Revision("1")
public record ExtensionPromisedEvent(String complaintId,
        String clockId,
        Instant newEta,
        String reason,
        Actor actor) implements ComplaintEvent {
}
