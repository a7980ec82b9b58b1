package io.closedloop.feedback.mail;

import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail server is away while complaints are resolved: their mails wait in the outbox, and when it is back each
 * goes out exactly once, and only then does the complaint record the written result.
 */
class MailServerDownIT extends AbstractIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void mailsWaitWhileTheMailServerIsDownAndGoOutExactlyOnceWhenItIsBack() {
        List<String> customers = new ArrayList<>();
        List<String> complaints = new ArrayList<>();
        mailServer().stop();
        try {
            for (int i = 0; i < 3; i++) {
                String customer = newMailbox("down" + i);
                Events stream = new Events(newComplaintId());
                publish(stream.received(NOW.minusSeconds(600), new Complainant("客户" + i, null, customer, null),
                        i == 0 ? "en" : "zh", "router", "路由器掉线 " + i, "路由器每天掉线好几次。"));
                publish(stream.resolved(NOW.minusSeconds(10), "更换了路由器", null, null, null));
                customers.add(customer);
                complaints.add(stream.complaintId());
            }
            // every mail is decided and waits; the server was tried and failed (then the circuit breaker stops
            // knocking, so not every mail needs an attempt of its own)
            await().atMost(PATIENCE).until(() -> complaints.stream().allMatch(id -> rows(id) == 1)
                    && complaints.stream().anyMatch(id -> attempts(id) >= 1));
            assertThat(complaints).allSatisfy(id -> assertThat(status(id)).isEqualTo("pending"));
            assertThat(sentCommands(complaints)).isZero();
        } finally {
            mailServer().start();
        }

        await().atMost(PATIENCE).until(() -> customers.stream().allMatch(c -> mailServer().inbox(c).size() == 1));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> customers.stream().allMatch(c -> mailServer().inbox(c).size() == 1));
        assertThat(complaints).allSatisfy(id -> {
            assertThat(status(id)).isEqualTo("sent");
            assertThat(command(id, "RecordResultFeedback").path("commandId").asText())
                    .isEqualTo("feedback-result-" + id + "-r1");
        });
        assertThat(mailServer().inbox(customers.get(0)).get(0).subject()).startsWith("The result of your complaint");
    }

    private int attempts(String complaintId) {
        return jdbc.sql("select coalesce(max(attempts), 0) from outbox_mail where complaint_id = ?")
                .param(complaintId).query(Integer.class).single();
    }

    private long rows(String complaintId) {
        return jdbc.sql("select count(*) from outbox_mail where complaint_id = ?").param(complaintId)
                .query(Long.class).single();
    }

    private String status(String complaintId) {
        return jdbc.sql("select status from outbox_mail where complaint_id = ?").param(complaintId)
                .query(String.class).single();
    }

    private long sentCommands(List<String> complaintIds) {
        return jdbc.sql("select count(*) from outbox_command where complaint_id in (:ids) "
                        + "and command_type = 'RecordResultFeedback'")
                .param("ids", complaintIds).query(Long.class).single();
    }
}
