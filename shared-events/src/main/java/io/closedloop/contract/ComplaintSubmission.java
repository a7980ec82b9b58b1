package io.closedloop.contract;

import java.time.Instant;
import java.util.List;

/**
 * A complaint as a channel hands it in, by HTTP ({@code POST /api/v1/complaints}) or on the Kafka topic
 * {@code complaint.intake.v1}. The same {@code channel} + {@code channelMessageId} twice is one complaint.
 *
 * @param receivedAt when the customer complained, in the channel's own time; it starts every clock
 */
public record ComplaintSubmission(
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
        List<AttachmentRef> attachments) {
}
