package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.intake.complaint.ComplaintIds;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.tracking.TrackingNumberIndex;
import io.closedloop.contract.TrackingNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The customer's web form and the status lookup, over HTTP against the real service. */
class WebChannelIT extends IntakeIntegrationTest {

    @Autowired
    TrackingNumberIndex trackingNumbers;

    @Autowired
    MeterRegistry meters;

    double lookups(String outcome) {
        var counter = meters.find("closedloop.tracking.lookups").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static String form(String formId, String language) {
        return """
                {"formId": "%s", "language": "%s", "name": "李雷", "phone": "+86 138 1234 5678",
                 "email": "li.lei@example.com", "subject": "物流延误", "text": "订单 A-100 已经十天没有发货。",
                 "orderRef": "A-100"}
                """.formatted(formId, language);
    }

    JsonNode fileForm(String json, HttpStatus expected) {
        return client().post().uri("/api/v1/channels/web/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).exchange().expectStatus().isEqualTo(expected)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    WebTestClient.ResponseSpec lookUp(String number, String verifier, String language) {
        return client().post().uri("/api/v1/tracking/lookups").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"trackingNumber\": \"%s\", \"verifier\": \"%s\", \"language\": \"%s\"}"
                        .formatted(number, verifier, language))
                .exchange();
    }

    @Test
    void aFiledFormGivesATrackingNumberOnceAndTheCustomerSeesTheComplaintWithIt() {
        String formId = UUID.randomUUID().toString();
        JsonNode receipt = fileForm(form(formId, "zh-CN"), HttpStatus.CREATED);
        JsonNode again = fileForm(form(formId, "zh-CN"), HttpStatus.OK); // a double click
        String number = receipt.get("trackingNumber").asText();

        assertThat(again.get("trackingNumber").asText()).isEqualTo(number);
        assertThat(receipt.get("message").asText()).contains(number, "查询编号");
        assertThat(receipt.has("complaintId")).as("customers get the tracking number, not the internal id").isFalse();
        // typed the way people type it: lower case, no hyphens
        lookUp(number.toLowerCase().replace("-", ""), "5678", "zh-CN").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.trackingNumber").isEqualTo(number)
                .jsonPath("$.status").isEqualTo("received")
                .jsonPath("$.statusText").isEqualTo("已收到")
                .jsonPath("$.channel").isEqualTo("网页表单")
                .jsonPath("$.subject").isEqualTo("物流延误")
                .jsonPath("$.milestones[0].text").isEqualTo("收到投诉");
        lookUp(number, "LI.LEI@example.com", "en").expectStatus().isOk()
                .expectBody().jsonPath("$.statusText").isEqualTo("Received");

        JsonNode stream = client().get().uri("/api/v1/complaints/{id}/events",
                        ComplaintIds.forChannelMessage(Channel.WEB, formId))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).at("/payload/language").asText()).isEqualTo("zh-CN");
        assertThat(stream.get(0).at("/payload/actor/id").asText()).isEqualTo("web-form");
    }

    @Test
    void theStatusShowsWhatTheDepartmentToldTheCustomerButNoPersonalDataOrInternalNotes() {
        String formId = UUID.randomUUID().toString();
        String number = fileForm(form(formId, "en"), HttpStatus.CREATED).get("trackingNumber").asText();
        String id = ComplaintIds.forChannelMessage(Channel.WEB, formId);
        client().post().uri("/api/v1/complaints/{id}/acknowledgement", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"zhang.wei\", \"department\": \"logistics\", \"message\": \"We are on it 已受理\"}")
                .exchange().expectStatus().isOk();
        client().post().uri("/api/v1/complaints/{id}/progress-notes", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"zhang.wei\", \"note\": \"INTERNAL: customer is a reseller\"}")
                .exchange().expectStatus().isOk();

        String body = lookUp(number, "5678", "en").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"status\":\"in_progress\"", "We are on it 已受理",
                "The team confirmed it is handling your complaint");
        assertThat(body).doesNotContain("INTERNAL", "reseller", "zhang.wei", "李雷", "+86 138", "li.lei", id);
    }

    @Test
    void aWrongNumberAndAWrongFactorGetTheSameAnswer() {
        String number = fileForm(form(UUID.randomUUID().toString(), "en"), HttpStatus.CREATED).get("trackingNumber").asText();
        String unknown = TrackingNumbers.forComplaint(UUID.randomUUID().toString());

        String wrongFactor = lookUp(number, "0000", "en").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        String wrongNumber = lookUp(unknown, "5678", "en").expectStatus().isNotFound()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(wrongFactor).isEqualTo(wrongNumber);
    }

    @Test
    void aMistypedNumberOrAMissingFactorIsToldNextToTheFieldInTheChosenLanguage() {
        String number = TrackingNumbers.forComplaint(UUID.randomUUID().toString());
        String typo = number.substring(0, 2) + (number.charAt(2) == 'A' ? 'B' : 'A') + number.substring(3);

        lookUp(typo, "", "zh-CN").expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactlyInAnyOrder("trackingNumber", "verifier"))
                .jsonPath("$.errors[?(@.field == 'trackingNumber')].message").value(m ->
                        assertThat(m.toString()).contains("查询编号有误"));
    }

    @Test
    void repeatedFailuresOnANumberAreRefusedForAWhile() {
        String number = fileForm(form(UUID.randomUUID().toString(), "en"), HttpStatus.CREATED).get("trackingNumber").asText();
        for (int i = 0; i < 5; i++) {
            lookUp(number, "000" + i, "en").expectStatus().isNotFound();
        }

        double throttledBefore = lookups("throttled");

        lookUp(number, "5678", "zh-CN").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("分钟后再试"));
        assertThat(lookups("throttled")).isEqualTo(throttledBefore + 1);
    }

    @Test
    void theApiGivesEveryChannelsComplaintATrackingNumberThatWorksAtOnce() {
        String messageId = "mail-" + UUID.randomUUID();
        JsonNode accepted = client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                {"channel": "email", "channelMessageId": "%s", "receivedAt": "%s",
                 "complainant": {"email": "han.meimei@example.com"}, "text": "My refund never arrived."}
                """.formatted(messageId, Instant.now().minus(Duration.ofMinutes(1)))).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String number = accepted.get("trackingNumber").asText();

        assertThat(number).isEqualTo(TrackingNumbers.forComplaint(accepted.get("complaintId").asText()));
        lookUp(number, "han.meimei@example.com", "en").expectStatus().isOk()
                .expectBody().jsonPath("$.channel").isEqualTo("email");
    }

    @Test
    void aComplaintTakenFromTheKafkaIntakeTopicIsIndexedByTheEventProcessor() {
        String messageId = "post-" + UUID.randomUUID();
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), "social:" + messageId, """
                {"channel": "social", "channelMessageId": "%s", "receivedAt": "%s",
                 "complainant": {"name": "小明", "phone": "13900001111"}, "text": "客服一直不回复"}
                """.formatted(messageId, Instant.now().minus(Duration.ofMinutes(1))).getBytes(StandardCharsets.UTF_8));
        String number = TrackingNumbers.forComplaint(ComplaintIds.forChannelMessage(Channel.SOCIAL, messageId));

        // nobody indexed it synchronously: the tracking-numbers processor reads it from the event store. (Waiting on
        // the index, not on lookups: every failed lookup would count towards the throttle.)
        await().atMost(Duration.ofSeconds(60)).until(() -> !trackingNumbers.complaintsWith(number).isEmpty());
        lookUp(number, "1111", "zh-CN").expectStatus().isOk()
                .expectBody().jsonPath("$.channel").isEqualTo("社交媒体");
    }

    @Test
    void anEmptyFormIsRefusedWithAMessageForEachField() {
        client().post().uri("/api/v1/channels/web/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"formId\": \"%s\", \"language\": \"en\"}".formatted(UUID.randomUUID()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals("Content-Language", "en")
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'text')].message").isEqualTo("describe what went wrong")
                .jsonPath("$.errors[?(@.field == 'contact')].message").value(m ->
                        assertThat(m.toString()).contains("phone number or an email"));
    }

    @Test
    void thePagesAreServedByIntakeItself() {
        for (String page : List.of("/complaint.html", "/status.html", "/agent.html", "/assets/i18n.js", "/assets/app.css")) {
            client().get().uri(page).exchange().expectStatus().isOk();
        }
        client().get().uri("/complaint.html").exchange().expectBody(String.class).value(html ->
                assertThat(html).doesNotContain("http://", "https://").contains("name=\"viewport\""));
    }
}
