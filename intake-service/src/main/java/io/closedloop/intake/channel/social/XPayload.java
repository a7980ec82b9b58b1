package io.closedloop.intake.channel.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Words;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * X (Twitter) API v2, as its endpoints and filtered stream deliver it:
 * <ul>
 *   <li>a <b>post</b>: {@code {"data": {"id": "1460323737035677698", "text": "…", "author_id": "2244994945",
 *       "created_at": "2026-11-23T01:15:02.000Z", "lang": "en", "public_metrics": {"impression_count": 1200}},
 *       "includes": {"users": [{"id": "2244994945", "username": "li_lei", "name": "Li Lei", "protected": false,
 *       "public_metrics": {"followers_count": 5230}}]}}} (request {@code tweet.fields=created_at,lang,public_metrics,
 *       author_id}, {@code expansions=author_id}, {@code user.fields=public_metrics,protected}). Public unless the
 *       author's account is protected; reach is the larger of the author's followers and the post's impressions;</li>
 *   <li><b>direct messages</b> ({@code GET /2/dm_events}): {@code {"data": [{"id": "1580705921830768642",
 *       "event_type": "MessageCreate", "text": "…", "sender_id": "…", "created_at": "…"}], "includes": {"users": […]}}}.
 *       Private; events other than MessageCreate (people joining or leaving a conversation) are ignored.</li>
 * </ul>
 * {@code data} may be one object or an array; each element is filed on its own.
 */
final class XPayload {

    static final String PLATFORM = "x";
    /** X reports "und" (undetermined) and similar codes for text without a language; those are not language tags. */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Za-z0-9]{2,8})*");

    private XPayload() {
    }

    /** The posts and messages of the delivery; events that are not messages are left out and counted by the caller. */
    static List<SocialPost> read(JsonPayload p, List<String> ignored) {
        JsonNode data = p.node("data");
        if (data == null) {
            p.issue("data", Words.required());
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                items.add(data.get(i));
                paths.add("data[" + i + "]");
            }
            if (items.isEmpty()) {
                p.issue("data", new Words("不能为空", "must not be empty"));
            }
        } else {
            items.add(data);
            paths.add("data");
        }
        JsonNode users = p.node("includes") == null ? null : p.node("includes").get("users");
        List<SocialPost> posts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                p.issue(paths.get(i), Words.notObject());
                continue;
            }
            JsonPayload element = p.at(item, paths.get(i));
            if (element.has("event_type") && !"MessageCreate".equals(item.get("event_type").asText())) {
                ignored.add(item.get("event_type").asText());
                continue;
            }
            SocialPost post = element.has("event_type") ? directMessage(element, users) : tweet(element, users);
            if (post != null) {
                posts.add(post);
            }
        }
        return p.hasIssues() ? List.of() : posts;
    }

    private static SocialPost tweet(JsonPayload t, JsonNode users) {
        String id = t.text("id", true, 40);
        String text = t.text("text", true, 20_000);
        String authorId = t.text("author_id", true, 40);
        var postedAt = t.instant("created_at", true);
        String lang = t.text("lang", false, 35);
        Long impressions = null;
        JsonPayload metrics = t.object("public_metrics", false);
        if (metrics != null) {
            impressions = metrics.count("impression_count");
        }
        JsonNode author = user(users, authorId);
        String username = author == null || !author.hasNonNull("username") ? null : author.get("username").asText();
        String name = author == null || !author.hasNonNull("name") ? null : author.get("name").asText();
        Long followers = author == null ? null : followers(author);
        boolean isProtected = author != null && author.path("protected").asBoolean(false);
        if (id == null || text == null || authorId == null || postedAt == null) {
            return null;
        }
        String url = "https://x.com/" + (username != null ? username : "i/web") + "/status/" + id;
        return new SocialPost(PLATFORM, "post", id, authorId, username == null ? null : "@" + username, name, text, url,
                postedAt, !isProtected, isProtected ? null : SocialPost.reach(followers, impressions), language(lang));
    }

    private static SocialPost directMessage(JsonPayload m, JsonNode users) {
        String id = m.text("id", true, 40);
        String text = m.text("text", true, 20_000);
        String sender = m.text("sender_id", true, 40);
        var sentAt = m.instant("created_at", true);
        if (id == null || text == null || sender == null || sentAt == null) {
            return null;
        }
        JsonNode author = user(users, sender);
        String username = author == null || !author.hasNonNull("username") ? null : author.get("username").asText();
        String name = author == null || !author.hasNonNull("name") ? null : author.get("name").asText();
        return new SocialPost(PLATFORM, SocialPost.DIRECT_MESSAGE, id, sender, username == null ? null : "@" + username,
                name, text, null, sentAt, false, null, null);
    }

    private static JsonNode user(JsonNode users, String id) {
        if (users == null || !users.isArray() || id == null) {
            return null;
        }
        for (JsonNode u : users) {
            if (id.equals(u.path("id").asText(null))) {
                return u;
            }
        }
        return null;
    }

    private static Long followers(JsonNode author) {
        JsonNode count = author.path("public_metrics").path("followers_count");
        return count.canConvertToLong() && count.asLong() >= 0 ? count.asLong() : null;
    }

    private static String language(String lang) {
        return lang != null && LANGUAGE.matcher(lang).matches() ? lang : null;
    }
}
