package io.closedloop.intake.channel.social;

import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;

import java.time.Instant;
import java.util.List;

/**
 * A post, mention, comment or direct message, as every platform's payload is read into before it is filed.
 *
 * @param platform   weibo, x, or the generic shape's platform code
 * @param kind       post, mention, comment or direct_message
 * @param postId     the platform's id of the post or message (or, where a platform gives none, one derived from
 *                   what it does give, so a redelivery derives the same)
 * @param authorId   the platform's stable id of the author, when known
 * @param publicPost whether people other than us can see it: a public post or mention can hurt the brand
 * @param reach      how many people it can reach where the platform says (followers, views); null when unknown
 * @param language   the post's language (BCP 47) where the platform detects it
 */
record SocialPost(String platform, String kind, String postId, String authorId, String authorHandle,
                  String authorName, String text, String url, Instant postedAt, boolean publicPost, Long reach,
                  String language) {

    static final String DIRECT_MESSAGE = "direct_message";

    /**
     * The channel message id: platform, kind of id space and the platform's id. A post and a direct message can share
     * a number on some platforms, so direct messages have their own space.
     */
    String channelMessageId() {
        return platform + (DIRECT_MESSAGE.equals(kind) ? ":dm:" : ":") + postId;
    }

    /**
     * The author is reached back on the platform, so the complainant is identified by the platform's account
     * ({@code weibo:1404376560}); the display name is kept as given.
     */
    ComplaintSubmission toSubmission() {
        String account = authorId != null ? authorId : authorHandle;
        String customerId = account == null ? null : truncate(platform + ":" + account, 100);
        String name = authorName != null ? authorName : authorHandle;
        return new ComplaintSubmission(Channel.SOCIAL, channelMessageId(), postedAt,
                new Complainant(name == null ? null : truncate(name, 200), null, null, customerId), null, text, null,
                null, null, null, List.of(), null, language,
                new ChannelContext(platform, url, publicPost, reach, null, null));
    }

    private static String truncate(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }

    /** The larger of the known audience figures: each is a lower bound of how many people can see the post. */
    static Long reach(Long... figures) {
        Long max = null;
        for (Long f : figures) {
            if (f != null && (max == null || f > max)) {
                max = f;
            }
        }
        return max;
    }
}
