package io.closedloop.intake.relay;

import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;

/**
 * Puts a recorded event into the contract's envelope. Axon's origin metadata names the root message
 * {@code traceId} and the parent message {@code correlationId}; the contract calls these correlation and causation.
 */
public final class EventEnvelopes {

    private EventEnvelopes() {
    }

    public static ComplaintEventEnvelope of(DomainEventMessage<?> message) {
        if (!(message.getPayload() instanceof ComplaintEvent event)) {
            throw new IllegalArgumentException("not a complaint event: " + message.getPayloadType());
        }
        Revision revision = event.getClass().getAnnotation(Revision.class);
        return new ComplaintEventEnvelope(
                message.getIdentifier(),
                ComplaintEvent.typeName(event.getClass()),
                revision == null ? null : revision.value(),
                message.getAggregateIdentifier(),
                message.getSequenceNumber(),
                message.getTimestamp(),
                (String) message.getMetaData().get("traceId"),
                (String) message.getMetaData().get("correlationId"),
                event);
    }
}
