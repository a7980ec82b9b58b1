package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

/** The customer said how satisfied they are (score 1-5) and why, by phone, online, on site or through a third party. */
@Revision("1")
public record SatisfactionRecordedEvent(String complaintId,
        int score,
        String comment,
        String method,
        Actor actor) implements ComplaintEvent {
}
