package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Written result feedback went to the customer: how it was resolved, the effect, suggestions taken, follow-up offered. */
@Revision("1")
public record ResultFeedbackSentEvent(String complaintId,
        String medium,
        String summary,
        Instant sentAt,
        Actor actor) implements ComplaintEvent {
}
