package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.AttachmentRef;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A customer complained through a channel; the first event of every complaint's stream. */
@Revision("1")
public record ComplaintReceivedEvent(String complaintId,
        Channel channel,
        String channelMessageId,
        Instant receivedAt,
        Complainant complainant,
        String subject,
        String text,
        InfoType infoType,
        String product,
        String orderRef,
        GeoLocation location,
        List<AttachmentRef> attachments,
        Actor actor) implements ComplaintEvent {
}
