package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The department asked the customer for information and now waits for the answer (Zendesk's "pending"):
 * sla-timer-service pauses the complaint's clocks from {@code requestedAt}. Another request while waiting is
 * another question; the wait goes on. It ends with {@link CustomerRepliedEvent}, or when the complaint is resolved,
 * reopened, closed or withdrawn.
 */
@Revision("1")
public record CustomerInformationRequestedEvent(String complaintId,
        String question,
        Instant requestedAt,
        Actor actor) implements ComplaintEvent {
}
