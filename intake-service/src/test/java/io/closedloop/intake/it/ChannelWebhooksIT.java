package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.intake.complaint.ComplaintIds;
import io.closedloop.contract.TrackingNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The phone, social and on-site webhooks against the real service: a redelivery files nothing new. */
class ChannelWebhooksIT extends IntakeIntegrationTest {

    @Autowired
    MeterRegistry meters;

    double count(String channel, String adapter, String outcome) {
        Counter counter = meters.find("closedloop.channel.messages")
                .tags("channel", channel, "adapter", adapter, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    JsonNode post(String uri, String json, HttpStatus expected) {
        return client().post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isEqualTo(expected)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The complaint's recorded stream, read back through the API. */
    JsonNode events(Channel channel, String channelMessageId) {
        return client().get().uri("/api/v1/complaints/{id}/events", ComplaintIds.forChannelMessage(channel, channelMessageId))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static String recently() {
        return Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void aCallRecordPostedTwiceIsOneComplaintAndTheRepeatIsCountedAsADuplicate() {
        String callId = "CC-" + UUID.randomUUID();
        String call = """
                {"callId": "%s", "callerNumber": "+86 138 1234 5678", "startedAt": "%s", "agent": "agent-042",
                 "notes": "热水壶漏水，要求换货。The kettle leaks.", "recordingRef": "https://recordings.example.com/r/1",
                 "callerName": "王芳", "system": "genesys", "language": "zh-CN"}
                """.formatted(callId, recently());
        double filedBefore = count("phone", "call-centre", "filed");
        double duplicatesBefore = count("phone", "call-centre", "duplicate");

        JsonNode first = post("/api/v1/channels/phone/calls", call, HttpStatus.CREATED);
        JsonNode second = post("/api/v1/channels/phone/calls", call, HttpStatus.OK);

        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(second.get("created").asBoolean()).isFalse();
        assertThat(second.get("trackingNumber").asText()).isEqualTo(first.get("trackingNumber").asText())
                .isEqualTo(TrackingNumbers.forComplaint(ComplaintIds.forChannelMessage(Channel.PHONE, callId)));
        JsonNode stream = events(Channel.PHONE, callId);
        assertThat(stream).hasSize(1);
        JsonNode received = stream.get(0).get("payload");
        assertThat(received.get("channelContext").get("agent").asText()).isEqualTo("agent-042");
        assertThat(received.get("attachments").get(0).get("uri").asText()).isEqualTo("https://recordings.example.com/r/1");
        assertThat(received.get("actor").get("id").asText()).isEqualTo("call-centre");
        assertThat(count("phone", "call-centre", "filed")).isEqualTo(filedBefore + 1);
        assertThat(count("phone", "call-centre", "duplicate")).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void aBadCallRecordIsRefusedNamingEachFieldAndCountedAsRejected() {
        double rejectedBefore = count("phone", "call-centre", "rejected");

        client().post().uri("/api/v1/channels/phone/calls").contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "zh-CN")
                .bodyValue("{\"callerNumber\": \"+86 138 1234 5678\", \"startedAt\": \"yesterday\", \"notes\": 42.5}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactlyInAnyOrder("callId", "startedAt", "notes"))
                .jsonPath("$.errors[?(@.field == 'callId')].message").isEqualTo("此项必填")
                .jsonPath("$.errors[?(@.field == 'callId')].reason").isEqualTo("is required");
        assertThat(count("phone", "call-centre", "rejected")).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void malformedJsonIsAProblemNotAFailure() {
        client().post().uri("/api/v1/channels/social/weibo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"idstr\": ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("$");
    }

    @Test
    void aCallFromTheFutureIsRefusedByTheIntakeUnderTheCallRecordsOwnFieldName() {
        client().post().uri("/api/v1/channels/phone/calls").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"callId": "CC-%s", "callerNumber": "13812345678", "startedAt": "2099-01-01T00:00:00Z", "notes": "n"}
                        """.formatted(UUID.randomUUID()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("startedAt");
    }

    @Test
    void aWeiboMentionPostedTwiceIsOnePublicComplaintCarryingItsReach() {
        String id = Long.toString(5_000_000_000_000_000L + (long) (Math.random() * 1e15));
        String status = """
                {"created_at": "Mon Nov 23 09:15:02 +0800 2026", "idstr": "%s", "mblogid": "P0aBc1dEf",
                 "text": "@某某家电 热水壶用了三天就漏水，客服电话一直打不通！", "visible": {"type": 0},
                 "user": {"idstr": "1404376560", "screen_name": "小明爱生活", "followers_count": 120345}}
                """.formatted(id);
        double duplicatesBefore = count("social", "social-weibo", "duplicate");

        JsonNode first = post("/api/v1/channels/social/weibo", status, HttpStatus.CREATED);
        JsonNode second = post("/api/v1/channels/social/weibo", status, HttpStatus.OK);

        assertThat(first.at("/results/0/created").asBoolean()).isTrue();
        assertThat(second.at("/results/0/created").asBoolean()).isFalse();
        assertThat(second.at("/results/0/trackingNumber").asText()).isEqualTo(first.at("/results/0/trackingNumber").asText());
        JsonNode stream = events(Channel.SOCIAL, "weibo:" + id);
        assertThat(stream).hasSize(1);
        JsonNode context = stream.get(0).get("payload").get("channelContext");
        assertThat(context.get("platform").asText()).isEqualTo("weibo");
        assertThat(context.get("publicPost").asBoolean()).isTrue();
        assertThat(context.get("audienceReach").asLong()).isEqualTo(120_345L);
        assertThat(context.get("sourceUrl").asText()).isEqualTo("https://weibo.com/1404376560/P0aBc1dEf");
        assertThat(count("social", "social-weibo", "duplicate")).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void anXPostPostedTwiceIsOneComplaint() {
        String id = Long.toString(1_460_000_000_000_000_000L + (long) (Math.random() * 1e15));
        String tweet = """
                {"data": {"id": "%s", "text": "@acme_support my kettle leaks after 3 days", "author_id": "2244994945",
                          "created_at": "%s", "lang": "en", "public_metrics": {"impression_count": 9800}},
                 "includes": {"users": [{"id": "2244994945", "name": "Li Lei", "username": "li_lei",
                                         "public_metrics": {"followers_count": 5230}}]}}
                """.formatted(id, recently());

        post("/api/v1/channels/social/x", tweet, HttpStatus.CREATED);
        post("/api/v1/channels/social/twitter", tweet, HttpStatus.OK);

        JsonNode stream = events(Channel.SOCIAL, "x:" + id);
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).get("payload").get("language").asText()).isEqualTo("en");
        assertThat(stream.get(0).get("payload").get("channelContext").get("audienceReach").asLong()).isEqualTo(9800L);
    }

    @Test
    void aGenericDirectMessageIsPrivateAndAWeiboFollowEventIsIgnored() {
        String id = "m-" + UUID.randomUUID();
        post("/api/v1/channels/social/generic", """
                {"platform": "xiaohongshu", "postId": "%s", "kind": "direct_message", "authorHandle": "hmm",
                 "text": "退款一直没到账", "postedAt": "%s"}
                """.formatted(id, recently()), HttpStatus.CREATED);
        double ignoredBefore = count("social", "social-weibo", "ignored");

        JsonNode ignored = post("/api/v1/channels/social/weibo", """
                {"type": "event", "receiver_id": 1, "sender_id": 2, "created_at": "Mon Nov 23 18:09:20 +0800 2026",
                 "text": "", "data": {"subtype": "follow"}}
                """, HttpStatus.OK);

        assertThat(events(Channel.SOCIAL, "xiaohongshu:dm:" + id).get(0).at("/payload/channelContext/publicPost").asBoolean())
                .isFalse();
        assertThat(ignored.get("results")).isEmpty();
        assertThat(ignored.get("ignored").get(0).asText()).contains("event");
        assertThat(count("social", "social-weibo", "ignored")).isEqualTo(ignoredBefore + 1);
    }

    @Test
    void anUnknownPlatformIsNamed() {
        client().post().uri("/api/v1/channels/social/myspace").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("platform");
    }

    @Test
    void anOnsiteVisitPostedTwiceIsOneComplaintThatRecordsTheDesk() {
        String visitId = "desk-" + UUID.randomUUID();
        String visit = """
                {"visitId": "%s", "deskLocation": "浦东服务站 1号窗口", "agent": "desk-007", "visitedAt": "%s",
                 "customerName": "王芳", "customerPhone": "13812345678", "text": "维修后仍然漏水", "language": "zh-CN"}
                """.formatted(visitId, recently());

        JsonNode first = post("/api/v1/channels/onsite/visits", visit, HttpStatus.CREATED);
        JsonNode second = post("/api/v1/channels/onsite/visits", visit, HttpStatus.OK);

        assertThat(second.get("trackingNumber").asText()).isEqualTo(first.get("trackingNumber").asText());
        JsonNode stream = events(Channel.ONSITE, visitId);
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).at("/payload/channelContext/deskLocation").asText()).isEqualTo("浦东服务站 1号窗口");
        assertThat(stream.get(0).at("/payload/actor/id").asText()).isEqualTo("desk-form");
    }

    @Test
    void theAdapterMetricsAreOnPrometheus() {
        post("/api/v1/channels/onsite/visits", """
                {"visitId": "desk-%s", "deskLocation": "闵行服务站", "agent": "desk-1", "visitedAt": "%s",
                 "customerEmail": "a@example.com", "text": "t"}
                """.formatted(UUID.randomUUID(), recently()), HttpStatus.CREATED);

        client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text)
                        .containsPattern("closedloop_channel_messages_total\\{.*adapter=\"desk-form\".*outcome=\"filed\".*}"));
    }
}
