package io.closedloop.contract.event;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.ChannelContext;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A customer complained through a channel; the first event of every complaint's stream. {@code region},
 * {@code language} and {@code channelContext} were added within revision 1: events stored before them read as
 * null.
 */
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
        String region,
        String language,
        ChannelContext channelContext,
        Actor actor) implements ComplaintEvent {
}
