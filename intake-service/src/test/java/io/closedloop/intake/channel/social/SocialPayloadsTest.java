package io.closedloop.intake.channel.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each platform's payload, as the platform sends it, read faithfully into a post. */
class SocialPayloadsTest {

    static JsonPayload payload(String json) throws Exception {
        return JsonPayload.of(new ObjectMapper().readTree(json), Lang.EN);
    }

    static final String WEIBO_STATUS = """
            {"created_at": "Mon Nov 23 09:15:02 +0800 2026", "id": 5113072851325953, "idstr": "5113072851325953",
             "mid": "5113072851325953", "mblogid": "P0aBc1dEf", "text": "@某某家电 热水壶用了三天就漏水…",
             "isLongText": true, "longText": {"longTextContent": "@某某家电 热水壶用了三天就漏水，客服电话一直打不通！"},
             "source": "<a href=\\"https://weibo.com/\\">iPhone客户端</a>", "reposts_count": 12, "comments_count": 30,
             "attitudes_count": 88, "visible": {"type": 0, "list_id": 0},
             "user": {"id": 1404376560, "idstr": "1404376560", "screen_name": "小明爱生活", "name": "小明爱生活",
                      "followers_count": 120345, "friends_count": 300, "verified": false}}
            """;

    @Test
    void aWeiboStatusIsAPublicMentionWithItsFullTextAuthorLinkAndFollowersAsReach() throws Exception {
        SocialPost post = WeiboPayload.read(payload(WEIBO_STATUS)).get(0);

        assertThat(post.postId()).isEqualTo("5113072851325953");
        assertThat(post.text()).isEqualTo("@某某家电 热水壶用了三天就漏水，客服电话一直打不通！");
        assertThat(post.postedAt()).isEqualTo(Instant.parse("2026-11-23T01:15:02Z"));
        assertThat(post.url()).isEqualTo("https://weibo.com/1404376560/P0aBc1dEf");
        assertThat(post.publicPost()).isTrue();
        assertThat(post.reach()).isEqualTo(120_345L);

        ComplaintSubmission s = post.toSubmission();
        assertThat(s.channel()).isEqualTo(Channel.SOCIAL);
        assertThat(s.channelMessageId()).isEqualTo("weibo:5113072851325953");
        assertThat(s.complainant().customerId()).isEqualTo("weibo:1404376560");
        assertThat(s.complainant().name()).isEqualTo("小明爱生活");
        assertThat(s.channelContext().platform()).isEqualTo("weibo");
        assertThat(s.channelContext().sourceUrl()).isEqualTo("https://weibo.com/1404376560/P0aBc1dEf");
        assertThat(s.channelContext().publicPost()).isTrue();
        assertThat(s.channelContext().audienceReach()).isEqualTo(120_345L);
    }

    @Test
    void aWeiboPostVisibleOnlyToFriendsIsNotPublicAndHasNoReach() throws Exception {
        SocialPost post = WeiboPayload.read(payload(WEIBO_STATUS.replace("\"type\": 0", "\"type\": 2"))).get(0);

        assertThat(post.publicPost()).isFalse();
        assertThat(post.reach()).isNull();
    }

    @Test
    void aWeiboPrivateMessageIsPrivateAndARedeliveryDerivesTheSameId() throws Exception {
        String dm = """
                {"type": "text", "receiver_id": 1902538057, "sender_id": 2489518277,
                 "created_at": "Mon Nov 23 18:09:20 +0800 2026", "text": "我的订单一直没发货", "data": {}}
                """;
        SocialPost first = WeiboPayload.read(payload(dm)).get(0);
        SocialPost again = WeiboPayload.read(payload(dm)).get(0);
        SocialPost other = WeiboPayload.read(payload(dm.replace("一直没发货", "还没退款"))).get(0);

        assertThat(first.kind()).isEqualTo("direct_message");
        assertThat(first.publicPost()).isFalse();
        assertThat(first.toSubmission().channelMessageId()).startsWith("weibo:dm:2489518277-")
                .isEqualTo(again.toSubmission().channelMessageId())
                .isNotEqualTo(other.toSubmission().channelMessageId());
        assertThat(first.toSubmission().complainant().customerId()).isEqualTo("weibo:2489518277");
    }

    @Test
    void aWeiboFollowEventIsNotAComplaint() throws Exception {
        assertThat(WeiboPayload.isIgnoredMessage(payload("""
                {"type": "event", "receiver_id": 1, "sender_id": 2, "created_at": "Mon Nov 23 18:09:20 +0800 2026",
                 "text": "", "data": {"subtype": "follow"}}"""))).isTrue();
    }

    @Test
    void aWeiboStatusWithoutTimeOrAuthorIsRefusedNamingThem() {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class, () -> {
            JsonPayload p = payload("{\"idstr\": \"1\", \"text\": \"坏了\", \"created_at\": \"2026/11/23\"}");
            WeiboPayload.read(p);
            p.throwIfAny(Lang.EN);
        });

        assertThat(problem.issues()).extracting(Issue::field).containsExactlyInAnyOrder("created_at", "user");
    }

    static final String X_POST = """
            {"data": {"id": "1460323737035677698", "text": "@acme_support my kettle leaks after 3 days",
                      "author_id": "2244994945", "created_at": "2026-11-23T01:15:02.000Z", "lang": "en",
                      "edit_history_tweet_ids": ["1460323737035677698"],
                      "public_metrics": {"retweet_count": 2, "reply_count": 1, "like_count": 5, "quote_count": 0,
                                         "impression_count": 9800}},
             "includes": {"users": [{"id": "2244994945", "name": "Li Lei", "username": "li_lei", "protected": false,
                                     "public_metrics": {"followers_count": 5230, "following_count": 80}}]}}
            """;

    @Test
    void anXPostIsPublicWithTheLargerOfFollowersAndImpressionsAsReach() throws Exception {
        SocialPost post = XPayload.read(payload(X_POST), new ArrayList<>()).get(0);

        assertThat(post.postId()).isEqualTo("1460323737035677698");
        assertThat(post.authorHandle()).isEqualTo("@li_lei");
        assertThat(post.url()).isEqualTo("https://x.com/li_lei/status/1460323737035677698");
        assertThat(post.publicPost()).isTrue();
        assertThat(post.reach()).isEqualTo(9800L);
        assertThat(post.language()).isEqualTo("en");
        assertThat(post.toSubmission().channelMessageId()).isEqualTo("x:1460323737035677698");
        assertThat(post.toSubmission().complainant().customerId()).isEqualTo("x:2244994945");
    }

    @Test
    void aPostFromAProtectedAccountIsNotPublicAndAnUndeterminedLanguageIsLeftOut() throws Exception {
        SocialPost post = XPayload.read(payload(X_POST.replace("\"protected\": false", "\"protected\": true")
                .replace("\"lang\": \"en\"", "\"lang\": \"und\"")), new ArrayList<>()).get(0);

        assertThat(post.publicPost()).isFalse();
        assertThat(post.reach()).isNull();
        assertThat(post.language()).isNull();
    }

    @Test
    void xDirectMessagesArePrivateAndConversationEventsAreIgnored() throws Exception {
        List<String> ignored = new ArrayList<>();
        List<SocialPost> posts = XPayload.read(payload("""
                {"data": [
                   {"id": "1580705921830768642", "event_type": "MessageCreate", "text": "Order 77 never arrived",
                    "sender_id": "906948460078698496", "dm_conversation_id": "906948460078698496-1", "created_at": "2026-11-23T02:00:00.000Z"},
                   {"id": "1580705921830768643", "event_type": "ParticipantsJoin", "dm_conversation_id": "c",
                    "created_at": "2026-11-23T02:00:01.000Z"}],
                 "includes": {"users": [{"id": "906948460078698496", "name": "Han Meimei", "username": "hmm"}]}}
                """), ignored);

        assertThat(posts).singleElement().satisfies(dm -> {
            assertThat(dm.kind()).isEqualTo("direct_message");
            assertThat(dm.publicPost()).isFalse();
            assertThat(dm.authorName()).isEqualTo("Han Meimei");
            assertThat(dm.toSubmission().channelMessageId()).isEqualTo("x:dm:1580705921830768642");
        });
        assertThat(ignored).containsExactly("ParticipantsJoin");
    }

    @Test
    void anXPostWithoutTheFieldsWeNeedNamesThemByPath() {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class, () -> {
            JsonPayload p = payload("{\"data\": {\"id\": \"1\", \"text\": \"t\"}}");
            XPayload.read(p, new ArrayList<>());
            p.throwIfAny(Lang.EN);
        });

        assertThat(problem.issues()).extracting(Issue::field).containsExactlyInAnyOrder("data.author_id", "data.created_at");
    }

    @Test
    void theGenericShapeDefaultsPublicByKindAndTakesTheLargerAudienceFigure() throws Exception {
        SocialPost mention = GenericSocialPayload.read(payload("""
                {"platform": "douyin", "postId": "7300000000000000001", "kind": "mention", "authorHandle": "@li_lei",
                 "authorFollowers": 12034, "views": 50000, "text": "质量太差", "postedAt": "2026-11-23T09:15:00+08:00",
                 "url": "https://www.douyin.com/video/7300000000000000001"}""")).get(0);
        SocialPost dm = GenericSocialPayload.read(payload("""
                {"platform": "xiaohongshu", "postId": "m-1", "kind": "direct_message", "authorHandle": "hmm",
                 "text": "退款", "postedAt": "2026-11-23T09:15:00+08:00"}""")).get(0);

        assertThat(mention.publicPost()).isTrue();
        assertThat(mention.reach()).isEqualTo(50_000L);
        assertThat(mention.toSubmission().channelMessageId()).isEqualTo("douyin:7300000000000000001");
        assertThat(dm.publicPost()).isFalse();
        assertThat(dm.toSubmission().channelMessageId()).isEqualTo("xiaohongshu:dm:m-1");
    }

    @Test
    void aBadGenericPayloadNamesEveryField() {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class, () -> {
            JsonPayload p = payload("{\"platform\": \"Dou Yin\", \"kind\": \"story\", \"authorFollowers\": \"many\", \"public\": \"yes\"}");
            GenericSocialPayload.read(p);
            p.throwIfAny(Lang.EN);
        });

        assertThat(problem.issues()).extracting(Issue::field).containsExactlyInAnyOrder("platform", "postId", "kind",
                "authorHandle", "authorFollowers", "public", "text", "postedAt");
    }
}
