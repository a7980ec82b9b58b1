package io.closedloop.feedback.closing;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import io.closedloop.feedback.TestMailServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resolved complaints nobody answered for: chased after 3 days (a reminder and the overdue list), closed by rule
 * after a quiet week; a dissatisfied one is never closed by the rule.
 */
class ClosingIT extends AbstractIntegrationTest {

    @Autowired
    WebTestClient web;

    @Test
    void aComplaintResolvedFourDaysAgoIsChasedByMailAndListedAsOverdue() {
        String customer = newMailbox("chase");
        Events stream = new Events(newComplaintId());
        publish(stream.received(NOW.minus(Duration.ofDays(6)), new Complainant("周九", "13500000000", customer, null),
                "zh", "fridge", "冰箱不制冷", "冰箱不制冷"));
        publish(stream.resolved(NOW.minus(Duration.ofDays(4)), "更换压缩机", null, null, null));

        await().atMost(PATIENCE).until(() -> mailServer().inbox(customer).stream()
                .anyMatch(m -> m.subject().startsWith("提醒：请确认您的投诉是否已解决")));
        TestMailServer.Mail reminder = mailServer().inbox(customer).stream()
                .filter(m -> m.subject().startsWith("提醒")).findFirst().orElseThrow();
        assertThat(reminder.text()).contains("更换压缩机", "https://feedback.example.com/survey/");
        assertThat(reminder.messageId()).isEqualTo("<chase-" + stream.complaintId() + "-r1@feedback.closed-loop>");

        web.get().uri("/api/v1/closing/overdue").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.complaintId == '%s')].reminderSent".formatted(stream.complaintId())).isEqualTo(true)
                .jsonPath("$[?(@.complaintId == '%s')].email".formatted(stream.complaintId())).isEqualTo("c***@example.com")
                .jsonPath("$[?(@.complaintId == '%s')].surveyAnswered".formatted(stream.complaintId())).isEqualTo(false);
        // chased once per resolution, however often the sweep runs
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> mailServer().inbox(customer).stream()
                .filter(m -> m.subject().startsWith("提醒")).count() == 1);
    }

    @Test
    void aComplaintResolvedEightDaysAgoWithoutADissatisfiedAnswerIsClosedByRuleButADissatisfiedOneIsNot() {
        Events quiet = new Events(newComplaintId());
        publish(quiet.received(NOW.minus(Duration.ofDays(10)), new Complainant("吴十", "13400000000", null, null),
                "zh", "tv", "电视黑屏", "电视黑屏"));
        publish(quiet.resolved(NOW.minus(Duration.ofDays(8)), "更换主板", null, null, null));
        Events unhappy = new Events(newComplaintId());
        publish(unhappy.received(NOW.minus(Duration.ofDays(10)), new Complainant("郑一", "13300000000", null, null),
                "zh", "tv", "电视没声音", "电视没声音"));
        publish(unhappy.resolved(NOW.minus(Duration.ofDays(8)), "更换喇叭", null, null, null));
        publish(unhappy.satisfaction(NOW.minus(Duration.ofDays(7)), 1, "没修好", "phone"));

        JsonNode close = command(quiet.complaintId(), "CloseComplaint");
        assertThat(close.path("confirmation").asText())
                .isEqualTo("rule: no dissatisfied answer within PT168H of the resolution");
        assertThat(close.path("actor").path("policy").asText()).isEqualTo("closing-rule@quiet-period=PT168H");

        command(unhappy.complaintId(), "ReopenComplaint");
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> commandsUntil(unhappy.complaintId(),
                c -> true).stream().noneMatch(c -> "CloseComplaint".equals(c.path("type").asText())));

        // once the complaint records the closing, it leaves the overdue list
        publish(quiet.closed(NOW));
        await().atMost(PATIENCE).until(() -> !new String(web.get().uri("/api/v1/closing/overdue").exchange()
                .expectBody().returnResult().getResponseBodyContent()).contains(quiet.complaintId()));
    }
}
