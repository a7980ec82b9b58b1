package io.closedloop.feedback.loop;

import io.closedloop.contract.TrackingNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import io.closedloop.feedback.TestMailServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A resolved complaint's written result: by mail in the customer's language with the printable letter, once. */
class ResultFeedbackIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aResolvedComplaintGetsItsResultByMailInChineseWithThePrintableLetterAndTheComplaintRecordsIt()
            throws Exception {
        String customer = newMailbox("wang.fang");
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("王芳", "13812345678", customer, "C-1001"),
                "zh-CN", "SUV-X", "刹车异响", "新车刹车有异响，4S店说正常。"));
        publish(stream.resolved(NOW.minusSeconds(60), "更换了左前刹车片", "三次试车均无异响",
                List.of("使用原厂刹车片"), "一个月后电话回访，期间免费检查"));

        TestMailServer.Mail mail = await().atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer), inbox -> inbox.size() == 1).get(0);
        assertThat(mail.subject()).isEqualTo("您的投诉处理结果（查询编号 " + TrackingNumbers.forComplaint(stream.complaintId()) + "）：刹车异响");
        assertThat(mail.language()).isEqualTo("zh-CN");
        assertThat(mail.messageId()).isEqualTo("<result-" + stream.complaintId() + "-r1@feedback.closed-loop>");
        assertThat(mail.text()).startsWith("尊敬的王芳：")
                .contains("## 处理结果\n更换了左前刹车片", "## 处理效果\n三次试车均无异响", "- 使用原厂刹车片",
                        "## 后续服务\n一个月后电话回访，期间免费检查", "https://feedback.example.com/survey/");
        assertThat(mail.attachmentName()).isEqualTo("result-letter-" + stream.complaintId() + "-zh.pdf");
        String letter = new PdfTextExtractor(new PdfReader(mail.attachment())).getTextFromPage(1);
        assertThat(letter).contains("更换了左前刹车片", "三次试车均无异响", "使用原厂刹车片", "一个月后电话回访");

        JsonNode recorded = command(stream.complaintId(), "RecordResultFeedback");
        assertThat(recorded.path("commandId").asText()).isEqualTo("feedback-result-" + stream.complaintId() + "-r1");
        assertThat(recorded.path("medium").asText()).isEqualTo("email");
        assertThat(recorded.path("summary").asText()).contains("w***@example.com").doesNotContain(customer);
        assertThat(recorded.path("actor").path("id").asText()).isEqualTo("feedback-service");
    }

    @Test
    void anEnglishCustomerGetsTheEnglishLetterAndAResolutionDeliveredAgainSendsNothingMore() {
        String customer = newMailbox("li.wei");
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("Li Wei", null, customer, null), "en-GB",
                "kettle", "Kettle leaks", "The kettle leaks after three days."));
        ComplaintEventEnvelope resolved = stream.resolved(NOW.minusSeconds(30), "We replaced the kettle.", null,
                null, null);
        publish(resolved);

        TestMailServer.Mail mail = await().atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer), inbox -> inbox.size() == 1).get(0);
        assertThat(mail.subject()).isEqualTo("The result of your complaint " + TrackingNumbers.forComplaint(stream.complaintId()) + ": Kettle leaks");
        assertThat(mail.text()).startsWith("Dear Li Wei,")
                .contains("## How it was resolved\nWe replaced the kettle.", "## The effect",
                        "## Your suggestions", "## Follow-up service");
        command(stream.complaintId(), "RecordResultFeedback");

        // the relay delivers at least once; a replay reads it all again
        publish(resolved);
        publish(resolved);
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer).size() == 1 && outboxRows(stream.complaintId()) == 1);
    }

    @Test
    void anErasedCustomerIsForgottenHereTooWhileTheLoopGoesOn() {
        String customer = newMailbox("han.meimei");
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("韩梅梅", "13700001111", customer, "C-77"),
                "zh-CN", "kettle", "水壶漏水", "水壶漏水"));
        publish(stream.resolved(NOW.minusSeconds(60), "换了新水壶", null, null, null));
        await().atMost(PATIENCE).until(() -> mailServer().inbox(customer), inbox -> inbox.size() == 1);

        publish(stream.personalDataErased(NOW, "subject-1"));

        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from complaint_case where complaint_id = ?"
                        + " and customer_name is null and phone is null and phone_digits is null and email is null"
                        + " and customer_id is null")
                .param(stream.complaintId()).query(Integer.class).single() == 1);
        assertThat(jdbc.sql("select recipient || body from outbox_mail where complaint_id = ?")
                .param(stream.complaintId()).query(String.class).list()).containsOnly("");
        assertThat(jdbc.sql("select status from complaint_case where complaint_id = ?").param(stream.complaintId())
                .query(String.class).single()).isEqualTo("resolved");
    }

    @Test
    void aCustomerWithoutEmailGetsAPrintedLetterWhosePostingIsRecorded() throws Exception {
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("赵六", "13900001111", null, null), null,
                "washer", "洗衣机漏水", "洗衣机漏水"));
        publish(stream.resolved(NOW.minusSeconds(30), "上门更换了进水管", "已不再漏水", null, null));
        await().atMost(PATIENCE).until(() -> round(stream.complaintId()) == 1);

        byte[] pdf = web.get().uri("/api/v1/complaints/{id}/result-letter", stream.complaintId()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new PdfTextExtractor(new PdfReader(pdf)).getTextFromPage(1))
                .contains("尊敬的赵六", "上门更换了进水管", "已不再漏水");
        byte[] english = web.get().uri("/api/v1/complaints/{id}/result-letter?lang=en", stream.complaintId())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new PdfTextExtractor(new PdfReader(english)).getTextFromPage(1)).contains("Dear 赵六");
        assertThat(outboxRows(stream.complaintId())).isZero();

        web.post().uri("/api/v1/complaints/{id}/result-letter/dispatches", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"medium\": \"letter\", \"by\": \"mail-room\"}")
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.commandId").isEqualTo("feedback-result-" + stream.complaintId() + "-r1-letter");
        JsonNode recorded = command(stream.complaintId(), "RecordResultFeedback");
        assertThat(recorded.path("medium").asText()).isEqualTo("letter");
        assertThat(recorded.path("actor").path("id").asText()).isEqualTo("mail-room");
    }

    @Test
    void theLetterEndpointsSayWhatIsWrong() {
        web.get().uri("/api/v1/complaints/{id}/result-letter", "C-never-seen").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(60), new Complainant("A", "13900002222", null, null), "zh",
                null, "s", "t"));
        await().atMost(PATIENCE).until(() -> round(stream.complaintId()) == 0);
        web.get().uri("/api/v1/complaints/{id}/result-letter", stream.complaintId()).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
        web.get().uri("/api/v1/complaints/{id}/result-letter?lang=fr", stream.complaintId()).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("lang");
        web.post().uri("/api/v1/complaints/{id}/result-letter/dispatches", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"medium\": \"pigeon\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("medium")
                .jsonPath("$.errors[1].field").isEqualTo("by");
    }

    private long outboxRows(String complaintId) {
        return jdbc.sql("select count(*) from outbox_mail where complaint_id = ?").param(complaintId)
                .query(Long.class).single();
    }

    private int round(String complaintId) {
        return jdbc.sql("select coalesce(max(round), -1) from complaint_case where complaint_id = ?")
                .param(complaintId).query(Integer.class).single();
    }
}
