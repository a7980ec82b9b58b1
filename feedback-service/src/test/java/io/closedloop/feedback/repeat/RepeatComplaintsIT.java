package io.closedloop.feedback.repeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Complainant;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.Events;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.UUID;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A customer who complains again about the same issue within the window: the later complaint is a repeat. */
class RepeatComplaintsIT extends AbstractIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameCustomerAboutTheSameProductWithinTheWindowIsMarkedAsARepeatOfTheOriginal() {
        String phone = "139" + (10_000_000 + (int) (Math.random() * 89_999_999));
        Events original = new Events(newComplaintId());
        Events repeat = new Events(newComplaintId());
        publish(original.received(NOW.minus(Duration.ofDays(10)), new Complainant("王五", phone, null, null), "zh",
                "SUV-X", "刹车异响", "新车刹车有异响"));
        // the same person, the phone written differently, the same product, other words
        publish(repeat.received(NOW.minus(Duration.ofDays(1)),
                new Complainant("王五", "+86 " + phone.substring(0, 3) + "-" + phone.substring(3), null, null), "zh",
                "suv-x", "又来了", "修完以后又响了"));

        JsonNode mark = command(repeat.complaintId(), "MarkDuplicate");
        assertThat(mark.path("originalComplaintId").asText()).isEqualTo(original.complaintId());
        assertThat(mark.path("commandId").asText()).isEqualTo("feedback-repeat-" + repeat.complaintId());
        assertThat(mark.path("reason").asText()).contains("same product");
    }

    @Test
    void aRepeatThatArrivesBeforeItsOriginalIsStillMarkedAndSimilarTextCountsAsTheSameIssue() {
        String email = "repeat-" + UUID.randomUUID() + "@example.com";
        Events original = new Events(newComplaintId());
        Events repeat = new Events(newComplaintId());
        publish(repeat.received(NOW.minus(Duration.ofDays(2)), new Complainant(null, null, email, null), "en",
                null, "Parcel late again", "My parcel is two weeks late again, order 1042"));
        publish(original.received(NOW.minus(Duration.ofDays(5)), new Complainant(null, null, email, null), "en",
                null, "Parcel late", "My parcel is two weeks late, order 1042"));

        JsonNode mark = command(repeat.complaintId(), "MarkDuplicate");
        assertThat(mark.path("originalComplaintId").asText()).isEqualTo(original.complaintId());
        assertThat(mark.path("reason").asText()).contains("similar text");
    }

    @Test
    void anotherCustomerOrAnotherIssueOrOutsideTheWindowIsNoRepeat() {
        String phone = "137" + (10_000_000 + (int) (Math.random() * 89_999_999));
        Events first = new Events(newComplaintId());
        Events otherIssue = new Events(newComplaintId());
        Events tooLate = new Events(newComplaintId());
        Events otherCustomer = new Events(newComplaintId());
        publish(first.received(NOW.minus(Duration.ofDays(60)), new Complainant("A", phone, null, null), "zh",
                "washer", "洗衣机漏水", "洗衣机漏水"));
        publish(otherIssue.received(NOW.minus(Duration.ofDays(50)), new Complainant("A", phone, null, null), "zh",
                "oven", "烤箱不加热", "烤箱完全不加热了"));
        publish(tooLate.received(NOW.minus(Duration.ofDays(5)), new Complainant("A", phone, null, null), "zh",
                "washer", "洗衣机漏水", "洗衣机漏水"));
        publish(otherCustomer.received(NOW.minus(Duration.ofDays(59)), new Complainant("B", "13000000001", null,
                null), "zh", "washer", "洗衣机漏水", "洗衣机漏水"));

        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from complaint_case where complaint_id in "
                        + "(:ids)").param("ids", java.util.List.of(first.complaintId(), otherIssue.complaintId(),
                        tooLate.complaintId(), otherCustomer.complaintId()))
                .query(Long.class).single() == 4);
        assertThat(jdbc.sql("select count(*) from outbox_command where command_type = 'MarkDuplicate' "
                        + "and complaint_id in (:ids)")
                .param("ids", java.util.List.of(first.complaintId(), otherIssue.complaintId(), tooLate.complaintId(),
                        otherCustomer.complaintId()))
                .query(Long.class).single()).isZero();
    }
}
