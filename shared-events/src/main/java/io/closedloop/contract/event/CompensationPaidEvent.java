package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.serialization.Revision;

/** The approved compensation was paid out or carried out. */
@Revision("1")
public record CompensationPaidEvent(String complaintId,
        String compensationId,
        Money amount,
        String paymentReference,
        Actor actor) implements ComplaintEvent {
}
