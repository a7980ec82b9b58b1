package io.closedloop.intake.channel.social;

import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Words;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Weibo, in the two shapes its open platform delivers:
 * <ul>
 *   <li>a <b>status</b> (a post that mentions us, from {@code statuses/mentions} or a listening feed):
 *       {@code {"created_at": "Mon Nov 23 09:15:02 +0800 2026", "idstr": "5113072851325953", "mblogid": "P0aBc1dEf",
 *       "text": "…", "user": {"idstr": "1404376560", "screen_name": "小明", "followers_count": 12034},
 *       "visible": {"type": 0}}}. Public unless {@code visible.type} says otherwise; reach is the author's followers.
 *       A long post's full text ({@code longText.longTextContent}) is used when present;</li>
 *   <li>a <b>private message</b> pushed by the fans service platform (粉丝服务平台):
 *       {@code {"type": "text", "sender_id": 2489518277, "receiver_id": 1902538057,
 *       "created_at": "Mon Nov 23 09:15:02 +0800 2026", "text": "…"}}. It carries no message id, so its id is
 *       derived from sender, time and text, which a redelivery repeats. Types other than text (follow events,
 *       clicks) are not complaints and are ignored.</li>
 * </ul>
 */
final class WeiboPayload {

    static final String PLATFORM = "weibo";
    /** Weibo's own time format, in English whatever the server's locale. */
    static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    private WeiboPayload() {
    }

    /** Whether this is a fans-service push of a non-text message (an event), which files nothing. */
    static boolean isIgnoredMessage(JsonPayload p) {
        return p.has("sender_id") && p.has("type") && !"text".equals(p.node("type").asText());
    }

    static List<SocialPost> read(JsonPayload p) {
        return p.has("sender_id") ? privateMessage(p) : status(p);
    }

    private static List<SocialPost> status(JsonPayload p) {
        String id = p.text("idstr", false, 40);
        if (id == null) {
            id = p.text("id", !p.has("idstr"), 40);
        }
        String mblogid = p.text("mblogid", false, 40);
        if (mblogid == null) {
            mblogid = p.text("bid", false, 40);
        }
        String text = null;
        JsonPayload longText = p.object("longText", false);
        if (longText != null) {
            text = longText.text("longTextContent", false, 20_000);
        }
        if (text == null) {
            text = p.text("text", true, 20_000);
        }
        Instant postedAt = weiboTime(p, "created_at");
        JsonPayload user = p.object("user", true);
        String authorId = null;
        String handle = null;
        String name = null;
        Long followers = null;
        if (user != null) {
            authorId = user.text("idstr", false, 40);
            if (authorId == null) {
                authorId = user.text("id", !user.has("idstr"), 40);
            }
            handle = user.text("screen_name", false, 80);
            name = user.text("name", false, 200);
            followers = user.count("followers_count");
        }
        boolean publicPost = true;
        JsonPayload visible = p.object("visible", false);
        if (visible != null) {
            Long type = visible.count("type");
            publicPost = type == null || type == 0; // 0 everyone; 1 only the author; 2 friends; 3 a group
        }
        if (p.hasIssues()) {
            return List.of();
        }
        String url = authorId == null ? null : "https://weibo.com/" + authorId + "/" + (mblogid != null ? mblogid : id);
        return List.of(new SocialPost(PLATFORM, "mention", id, authorId, handle, name != null ? name : handle, text, url,
                postedAt, publicPost, publicPost ? followers : null, null));
    }

    private static List<SocialPost> privateMessage(JsonPayload p) {
        String sender = p.text("sender_id", true, 40);
        p.text("receiver_id", false, 40);
        String text = p.text("text", true, 20_000);
        Instant sentAt = weiboTime(p, "created_at");
        if (p.hasIssues()) {
            return List.of();
        }
        String id = sender + "-" + sentAt.getEpochSecond() + "-" + sha256(text).substring(0, 16);
        return List.of(new SocialPost(PLATFORM, SocialPost.DIRECT_MESSAGE, id, sender, null, null, text, null, sentAt,
                false, null, null));
    }

    /** Weibo writes {@code Mon Nov 23 09:15:02 +0800 2026}; ISO-8601 is accepted too, from tools that convert. */
    static Instant weiboTime(JsonPayload p, String field) {
        String text = p.text(field, true, 64);
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                p.issue(field, new Words("时间格式不正确，应如 Mon Nov 23 09:15:02 +0800 2026",
                        "is not a Weibo time such as Mon Nov 23 09:15:02 +0800 2026 (or ISO-8601 with offset)"));
                return null;
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
