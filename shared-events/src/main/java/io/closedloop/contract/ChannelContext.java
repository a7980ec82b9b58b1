package io.closedloop.contract;

/**
 * What a channel knows about where and how the customer spoke, beyond the complaint itself. Every field is
 * optional; a channel fills in what it has.
 *
 * @param platform      the system it came through: a social platform ({@code weibo}, {@code wechat}, {@code x} ...),
 *                      a call-centre or IVR system, a mailbox
 * @param sourceUrl     where the original can be seen (a social post, a forum thread)
 * @param publicPost    true when other people can see it (a public post, mention or comment): it can hurt the
 *                      brand, so it is handled with more urgency than a private message
 * @param audienceReach how many people it can reach (the author's followers, the post's views) where the
 *                      platform says; null when unknown
 * @param agent         who took it down (the call-centre agent, the person at the desk)
 * @param deskLocation  which on-site desk or service hall it was handed in at
 */
public record ChannelContext(
        String platform,
        String sourceUrl,
        Boolean publicPost,
        Long audienceReach,
        String agent,
        String deskLocation) {
}
