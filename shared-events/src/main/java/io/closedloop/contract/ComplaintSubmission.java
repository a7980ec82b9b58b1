package io.closedloop.contract;

import java.time.Instant;
import java.util.List;

/**
 * A complaint as a channel hands it in, by HTTP ({@code POST /api/v1/complaints}) or on the Kafka topic
 * {@code complaint.intake.v1}. The same {@code channel} + {@code channelMessageId} twice is one complaint.
 *
 * @param receivedAt     when the customer complained, in the channel's own time; it starts every clock
 * @param region         where the complaint belongs (an administrative division such as {@code 上海市浦东新区} or
 *                       a sales region code); a routing field and an analytics dimension
 * @param language       the customer's language as a BCP 47 tag ({@code zh}, {@code zh-CN}, {@code en}); replies
 *                       and surveys use it; null means the organisation's default
 * @param channelContext what the channel knows about how the customer spoke (platform, public post, reach, agent,
 *                       desk); may be null
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
        List<AttachmentRef> attachments,
        String region,
        String language,
        ChannelContext channelContext) {
}
