package io.closedloop.intake.history;

import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;
import io.closedloop.intake.complaint.ComplaintStatus;

import java.time.Instant;
import java.util.List;

/** A complaint's current state, as folded from its stream (personal data masked). */
public record ComplaintView(
        String complaintId,
        ComplaintStatus status,
        boolean waitingForCustomer,
        Channel channel,
        String channelMessageId,
        Instant receivedAt,
        Complainant complainant,
        String subject,
        String text,
        InfoType infoType,
        String category,
        String severity,
        List<String> topics,
        String product,
        String orderRef,
        GeoLocation location,
        List<AttachmentRef> attachments,
        String department,
        String priority,
        Instant acknowledgedAt,
        List<Deadline> deadlines,
        List<Escalation> escalations,
        Instant promisedBy,
        String solution,
        Instant resolvedAt,
        Integer satisfactionScore,
        String duplicateOf,
        int reopenCount,
        Instant closedAt,
        long version,
        Instant lastChangedAt) {

    public record Escalation(String clockId, int level, String escalatedTo, Instant dueAt) {
    }
}
