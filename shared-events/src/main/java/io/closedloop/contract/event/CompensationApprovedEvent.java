package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import org.axonframework.serialization.Revision;

/** Someone allowed to approve that amount approved the proposed compensation. */
@Revision("1")
public record CompensationApprovedEvent(String complaintId,
        String compensationId,
        Money approvedAmount,
        String approver,
        Actor actor) implements ComplaintEvent {
}
