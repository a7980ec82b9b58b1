package io.closedloop.intake.channel.social;

import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Words;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The generic shape, for any platform a listening tool or a small bridge forwards from:
 * <pre>{"platform": "douyin", "postId": "7300000000000000001", "kind": "mention", "authorHandle": "@li_lei",
 *  "authorName": "李雷", "authorFollowers": 12034, "views": 50000, "public": true,
 *  "text": "…", "url": "https://www.douyin.com/video/7300000000000000001", "postedAt": "2026-11-23T09:15:00+08:00",
 *  "language": "zh"}</pre>
 * Required: platform, postId, kind, text, postedAt, and authorHandle or authorId. {@code public} defaults to false
 * for a direct message and true for everything else; reach is the larger of authorFollowers and views.
 */
final class GenericSocialPayload {

    static final Set<String> KINDS = Set.of("post", "mention", "comment", SocialPost.DIRECT_MESSAGE);
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,29}");

    private GenericSocialPayload() {
    }

    static List<SocialPost> read(JsonPayload p) {
        String platform = p.text("platform", true, 30);
        if (platform != null && !PLATFORM.matcher(platform).matches()) {
            p.issue("platform", new Words("应为小写的平台代码，如 douyin", "must be a lower-case platform code such as douyin"));
        }
        String postId = p.text("postId", true, 150);
        String kind = p.text("kind", true, 20);
        if (kind != null && !KINDS.contains(kind)) {
            p.issue("kind", new Words("应为 post、mention、comment 或 direct_message 之一",
                    "must be one of post, mention, comment, direct_message"));
        }
        String authorId = p.text("authorId", false, 80);
        String handle = p.text("authorHandle", false, 80);
        if (authorId == null && handle == null && !p.has("authorId") && !p.has("authorHandle")) {
            p.issue("authorHandle", new Words("必填（或填写 authorId）", "is required (or give authorId)"));
        }
        String name = p.text("authorName", false, 200);
        Long followers = p.count("authorFollowers");
        Long views = p.count("views");
        Boolean isPublic = p.bool("public");
        String text = p.text("text", true, 20_000);
        String url = p.text("url", false, 2000);
        var postedAt = p.instant("postedAt", true);
        String language = p.text("language", false, 35);
        if (p.hasIssues()) {
            return List.of();
        }
        boolean publicPost = isPublic != null ? isPublic : !SocialPost.DIRECT_MESSAGE.equals(kind);
        return List.of(new SocialPost(platform, kind, postId, authorId, handle, name, text, url, postedAt, publicPost,
                SocialPost.reach(followers, views), language));
    }
}
