package io.closedloop.feedback.survey;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Answers taken by phone, on site or by a third party, and what a satisfied answer does: it closes the loop. */
class SatisfactionIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSatisfiedAnswerTakenByPhoneClosesTheComplaintAsConfirmedByTheCustomer() {
        Events stream = resolvedComplaintWithoutEmail();

        web.post().uri("/api/v1/complaints/{id}/satisfaction", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 5, \"comment\": \"很满意\", \"method\": \"phone\", \"takenBy\": \"sun.mei\"}")
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.round").isEqualTo(1).jsonPath("$.method").isEqualTo("phone");
        JsonNode recorded = command(stream.complaintId(), "RecordSatisfaction");
        assertThat(recorded.path("actor").path("id").asText()).isEqualTo("sun.mei");
        assertThat(recorded.path("method").asText()).isEqualTo("phone");

        // a second answer for the same resolution is refused, and says why
        web.post().uri("/api/v1/complaints/{id}/satisfaction", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 1, \"method\": \"onsite\", \"takenBy\": \"desk-3\"}")
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");

        publish(stream.satisfaction(NOW, 5, "很满意", "phone"));
        JsonNode close = command(stream.complaintId(), "CloseComplaint");
        assertThat(close.path("commandId").asText()).isEqualTo("feedback-close-" + stream.complaintId() + "-r1");
        assertThat(close.path("confirmation").asText()).startsWith("customer-confirmed");
        assertThat(commandsUntil(stream.complaintId(), c -> true))
                .noneMatch(c -> "ReopenComplaint".equals(c.path("type").asText()));
    }

    @Test
    void badAnswersAreRefusedWithTheFieldAndTheReason() {
        Events stream = resolvedComplaintWithoutEmail();
        web.post().uri("/api/v1/complaints/{id}/satisfaction", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 7, \"method\": \"online\"}")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("score")
                .jsonPath("$.errors[1].field").isEqualTo("method")
                .jsonPath("$.errors[2].field").isEqualTo("takenBy");
        web.post().uri("/api/v1/complaints/{id}/satisfaction", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": \"five\", \"method\": \"phone\", \"takenBy\": \"x\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("score");
        web.post().uri("/api/v1/complaints/{id}/satisfaction", stream.complaintId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange().expectStatus().isBadRequest();
        web.post().uri("/api/v1/complaints/{id}/satisfaction", "C-unknown")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 3, \"method\": \"phone\", \"takenBy\": \"x\"}")
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/surveys/{token}/answer", "no-such-token-000000000000")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"score\": 3}")
                .exchange().expectStatus().isNotFound();

        // not resolved yet: nothing to be satisfied with
        Events open = new Events(newComplaintId());
        publish(open.received(NOW.minusSeconds(60), new Complainant("钱七", "13600000000", null, null), "zh",
                null, "s", "t"));
        await().atMost(PATIENCE).until(() -> known(open.complaintId()));
        web.post().uri("/api/v1/complaints/{id}/satisfaction", open.complaintId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 3, \"method\": \"third-party\", \"takenBy\": \"survey-co\"}")
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void theCustomersAnswerWithTheTokenCountsOnce() {
        Events stream = resolvedComplaintWithoutEmail();
        String token = jdbc.sql("select token from survey where complaint_id = ?").param(stream.complaintId())
                .query(String.class).single();
        web.post().uri("/api/v1/surveys/{token}/answer", token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 4, \"comment\": \"fine\"}")
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.method").isEqualTo("online");
        web.post().uri("/api/v1/surveys/{token}/answer", token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"score\": 1}")
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> jdbc.sql(
                "select count(*) from outbox_command where complaint_id = ? and command_type = 'RecordSatisfaction'")
                .param(stream.complaintId()).query(Long.class).single() == 1);
    }

    private Events resolvedComplaintWithoutEmail() {
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("孙八", "13700000000", null, null), "zh",
                "phone-x", "屏幕碎了", "屏幕碎了"));
        publish(stream.resolved(NOW.minusSeconds(60), "更换屏幕", null, null, null));
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from survey where complaint_id = ?")
                .param(stream.complaintId()).query(Long.class).single() == 1);
        return stream;
    }

    private boolean known(String complaintId) {
        return jdbc.sql("select count(*) from complaint_case where complaint_id = ?").param(complaintId)
                .query(Long.class).single() == 1;
    }
}
