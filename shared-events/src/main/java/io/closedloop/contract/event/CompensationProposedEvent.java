package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.serialization.Revision;

/** Compensation (赔偿/补偿) was proposed: refund, repair, replacement, voucher. */
@Revision("1")
public record CompensationProposedEvent(String complaintId,
        String compensationId,
        String kind,
        Money amount,
        String reason,
        Actor actor) implements ComplaintEvent {
}
