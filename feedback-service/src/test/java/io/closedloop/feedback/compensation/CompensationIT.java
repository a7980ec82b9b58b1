package io.closedloop.feedback.compensation;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Compensation proposed, approved within the approver's limit, and paid, each recorded by the complaint. */
class CompensationIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aProposalIsApprovedOnlyWithinTheApproversLimitAndThenPaid() {
        Events stream = openComplaint();

        String compensationId = web.post().uri("/api/v1/complaints/{id}/compensations", stream.complaintId())
                .header("Idempotency-Key", "proposal-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"kind": "voucher", "amount": {"amount": 800.00, "currency": "CNY"},
                         "reason": "保养代金券", "proposedBy": "agent-7"}""")
                .exchange().expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/compensations/comp-.*")
                .expectBody().jsonPath("$.status").isEqualTo("requested")
                .returnResult().getResponseHeaders().getLocation().getPath().replace("/api/v1/compensations/", "");
        // the same request again (a retry): the same compensation, one command
        web.post().uri("/api/v1/complaints/{id}/compensations", stream.complaintId())
                .header("Idempotency-Key", "proposal-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"kind": "voucher", "amount": {"amount": 800.00, "currency": "CNY"}, "proposedBy": "agent-7"}""")
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.compensationId").isEqualTo(compensationId);
        JsonNode propose = command(stream.complaintId(), "ProposeCompensation");
        assertThat(propose.path("compensationId").asText()).isEqualTo(compensationId);
        assertThat(propose.path("amount").path("amount").decimalValue()).isEqualByComparingTo("800.00");

        // not yet recorded by the complaint: nothing to approve
        approve(compensationId, "li.na", null).expectStatus().isEqualTo(409);

        publish(stream.compensationProposed(NOW, compensationId, "voucher", "800.00"));
        await().atMost(PATIENCE).until(() -> "proposed".equals(status(compensationId)));

        approve(compensationId, "zhang.wei", null).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("above the approval limit 500"))
                .jsonPath("$.errors[0].field").isEqualTo("approvedAmount.amount");
        approve(compensationId, "somebody", null).expectStatus().isForbidden()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("X-Approver");
        approve(compensationId, "li.na", "{\"approvedAmount\": {\"amount\": 900, \"currency\": \"CNY\"}}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("approvedAmount.amount");
        approve(compensationId, "li.na", "{\"approvedAmount\": {\"amount\": 600, \"currency\": \"CNY\"}}")
                .expectStatus().isAccepted();
        JsonNode approval = command(stream.complaintId(), "ApproveCompensation");
        assertThat(approval.path("approver").asText()).isEqualTo("li.na");
        assertThat(approval.path("approvedAmount").path("amount").decimalValue()).isEqualByComparingTo("600");
        assertThat(approval.path("actor").path("policy").asText()).isEqualTo("compensation-approval-limits:department-head");

        pay(compensationId).expectStatus().isEqualTo(409);
        publish(stream.compensationApproved(NOW, compensationId, "600", "li.na"));
        await().atMost(PATIENCE).until(() -> "approved".equals(status(compensationId)));
        pay(compensationId).expectStatus().isAccepted();
        JsonNode payment = command(stream.complaintId(), "PayCompensation");
        assertThat(payment.path("paymentReference").asText()).isEqualTo("PAY-1");
        assertThat(payment.path("amount").path("amount").decimalValue()).isEqualByComparingTo("600");

        web.get().uri("/api/v1/complaints/{id}/compensations", stream.complaintId()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[0].approver").isEqualTo("li.na");
    }

    @Test
    void badProposalsAreRefusedFieldByFieldAndARefusalByTheComplaintIsShown() {
        Events stream = openComplaint();
        web.post().uri("/api/v1/complaints/{id}/compensations", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\": \"cash\", \"amount\": {\"amount\": -1, \"currency\": \"yuan\"}}")
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("kind")
                .jsonPath("$.errors[1].field").isEqualTo("amount.amount")
                .jsonPath("$.errors[2].field").isEqualTo("amount.currency")
                .jsonPath("$.errors[3].field").isEqualTo("proposedBy");
        web.post().uri("/api/v1/complaints/{id}/compensations", "C-unknown")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\": \"refund\", \"amount\": {\"amount\": 1, \"currency\": \"CNY\"}, "
                        + "\"proposedBy\": \"a\"}")
                .exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/compensations/{id}", "comp-none").exchange().expectStatus().isNotFound();

        String compensationId = web.post().uri("/api/v1/complaints/{id}/compensations", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\": \"refund\", \"amount\": {\"amount\": 10, \"currency\": \"CNY\"}, "
                        + "\"proposedBy\": \"agent-7\"}")
                .exchange().expectStatus().isAccepted()
                .expectBody(Compensation.class).returnResult().getResponseBody().compensationId();
        publish(stream.rejected(NOW, "ProposeCompensation", "feedback-compensation-" + compensationId + "-propose",
                "complaint is closed"));
        await().atMost(PATIENCE).until(() -> "refused".equals(status(compensationId)));
        web.get().uri("/api/v1/compensations/{id}", compensationId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.refusal").isEqualTo("ProposeCompensation: complaint is closed");
    }

    private WebTestClient.ResponseSpec approve(String compensationId, String approver, String body) {
        return web.post().uri("/api/v1/compensations/{id}/approval", compensationId)
                .header("X-Approver", approver)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body == null ? "{}" : body)
                .exchange();
    }

    private WebTestClient.ResponseSpec pay(String compensationId) {
        return web.post().uri("/api/v1/compensations/{id}/payment", compensationId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"paymentReference\": \"PAY-1\", \"paidBy\": \"finance-1\"}")
                .exchange();
    }

    private String status(String compensationId) {
        return jdbc.sql("select status from compensation where compensation_id = ?").param(compensationId)
                .query(String.class).optional().orElse(null);
    }

    private Events openComplaint() {
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(600), new Complainant("刘二", "13200000000", null, null), "zh",
                "car", "刹车", "刹车异响"));
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from complaint_case where complaint_id = ?")
                .param(stream.complaintId()).query(Long.class).single() == 1);
        return stream;
    }
}
