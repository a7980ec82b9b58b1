package io.closedloop.feedback.care;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.awaitility.Awaitility.await;

/** A dissatisfied customer's care task: listed, assigned, and done with its outcome. */
class CareTaskIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCareTaskIsOpenedOnceAssignedAndClosedWithItsOutcome() {
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minusSeconds(3600), new Complainant("陈三", "13100000000", null, null), "zh",
                "sofa", "沙发塌陷", "沙发塌陷"));
        publish(stream.resolved(NOW.minusSeconds(600), "上门维修", null, null, null));
        ComplaintEventEnvelope unhappy = stream.satisfaction(NOW.minusSeconds(60), 1, "又塌了", "phone");
        publish(unhappy);
        publish(unhappy);
        String taskId = "care-" + unhappy.eventId();
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from care_task where complaint_id = ?")
                .param(stream.complaintId()).query(Long.class).single() == 1);

        web.get().uri("/api/v1/care-tasks?status=open&complaintId={id}", stream.complaintId()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].taskId").isEqualTo(taskId).jsonPath("$[0].comment").isEqualTo("又塌了");
        web.post().uri("/api/v1/care-tasks/{id}/assignment", taskId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"assignee\": \"care-team-1\", \"by\": \"lead-2\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("assigned").jsonPath("$.assignee").isEqualTo("care-team-1");
        web.post().uri("/api/v1/care-tasks/{id}/outcome", taskId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"outcome\": \"maybe\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("outcome")
                .jsonPath("$.errors[1].field").isEqualTo("by");
        web.post().uri("/api/v1/care-tasks/{id}/outcome", taskId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"outcome\": \"won-back\", \"note\": \"换了新沙发，客户满意\", \"by\": \"care-team-1\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("done").jsonPath("$.outcome").isEqualTo("won-back");
        web.post().uri("/api/v1/care-tasks/{id}/outcome", taskId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"outcome\": \"declined\", \"by\": \"x\"}")
                .exchange().expectStatus().isEqualTo(409);
        web.get().uri("/api/v1/care-tasks/{id}", "care-none").exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/care-tasks?status=lost").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        web.get().uri("/api/v1/complaints/{id}/feedback", stream.complaintId()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("resolved")
                .jsonPath("$.contact.phone").isEqualTo("131****0000")
                .jsonPath("$.survey.answered").isEqualTo(true)
                .jsonPath("$.careTasks[0].outcome").isEqualTo("won-back");
    }
}
