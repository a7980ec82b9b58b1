package io.closedloop.intake.tracking;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.intake.complaint.ComplaintStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the customer sees of a complaint's history, and what they never see. */
class CustomerStatusTest {

    static final String ID = "6f1c3c1e-0000-4000-8000-000000000001";
    static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    static final Actor STAFF = Actor.user("wang.wu");

    final ComplaintReceivedEvent received = new ComplaintReceivedEvent(ID, Channel.WEB, "form-1", T0,
            new Complainant("李雷", "13812345678", "li.lei@example.com", null), "物流延误", "十天没有发货", null, null,
            null, null, List.of(), null, "zh-CN", null, Actor.customer(Channel.WEB, "web-form"));
    final List<ComplaintEventEnvelope> events = new ArrayList<>();

    void recorded(ComplaintEvent event, Instant at) {
        events.add(new ComplaintEventEnvelope("e" + events.size(), ComplaintEvent.typeName(event.getClass()), "1", ID,
                events.size(), at, null, null, event));
    }

    static Deadline clock(String id, String satisfiedBy, Instant due) {
        return new Deadline(id, satisfiedBy, T0, null, due, "cn-mainland@2026.1", "default-clocks@1");
    }

    @Test
    void showsWhatWasMeantForTheCustomerAndNeverStaffNotesEscalationsOrInternalClocks() {
        recorded(received, T0);
        recorded(new DepartmentAssignedEvent(ID, "logistics", "p2", "rule logistics", "rules@3", T0.plusSeconds(60),
                Actor.service("routing-service", "rules@3")), T0.plusSeconds(60));
        recorded(new DeadlinesSetEvent(ID, List.of(
                clock("acknowledge", "ComplaintAcknowledged", T0.plusSeconds(86_400)),
                clock("resolve", "ComplaintResolved", T0.plusSeconds(5 * 86_400)),
                clock("rescue-handoff", "DepartmentAssigned", T0.plusSeconds(600))),
                Actor.service("sla-timer-service", "default-clocks@1")), T0.plusSeconds(61));
        recorded(new ProgressNotedEvent(ID, "customer sounds angry, VIP, check credit note", STAFF), T0.plusSeconds(120));
        recorded(new EscalationRaisedEvent(ID, "acknowledge", 1, T0, "team-lead", Actor.service("sla-timer-service", "p")), T0.plusSeconds(130));
        recorded(new ComplaintAcknowledgedEvent(ID, "logistics", "我们已受理，将在5个工作日内处理。", T0.plusSeconds(180), STAFF),
                T0.plusSeconds(180));
        recorded(new ExtensionPromisedEvent(ID, "resolve", T0.plusSeconds(7 * 86_400), "等待仓库盘点结果", STAFF),
                T0.plusSeconds(240));
        recorded(new DuplicateDetectedEvent(ID, "aaaaaaaa-0000-4000-8000-000000000099", "same order", STAFF),
                T0.plusSeconds(300));

        CustomerStatus status = CustomerStatusLookup.status("7Q4M-2XD8-K", received, ComplaintStatus.IN_PROGRESS,
                false, "logistics", null, events);

        assertThat(status.status()).isEqualTo("in_progress");
        assertThat(status.department()).isEqualTo("logistics");
        assertThat(status.subject()).isEqualTo("物流延误");
        assertThat(status.milestones()).extracting(CustomerStatus.Milestone::code)
                .containsExactly("received", "assigned", "acknowledged", "extension_promised", "merged");
        assertThat(status.milestones()).extracting(CustomerStatus.Milestone::detail)
                .containsExactly(null, null, "我们已受理，将在5个工作日内处理。", "等待仓库盘点结果", null);
        assertThat(status.toString()).doesNotContain("VIP", "team-lead", "aaaaaaaa", "13812345678", "li.lei", "李雷",
                "rescue-handoff");
        // acknowledged already: only the (extended) resolution date is still ahead
        assertThat(status.dueDates()).containsExactly(
                new CustomerStatus.DueDate("resolve", T0.plusSeconds(7 * 86_400), true, "等待仓库盘点结果"));
    }

    @Test
    void aQuestionForTheCustomerShowsAsWaitingForThem() {
        recorded(received, T0);
        recorded(new CustomerInformationRequestedEvent(ID, "请提供订单截图", T0.plusSeconds(60), STAFF), T0.plusSeconds(60));

        CustomerStatus status = CustomerStatusLookup.status("7Q4M-2XD8-K", received, ComplaintStatus.RECEIVED, true,
                null, null, events);

        assertThat(status.status()).isEqualTo("waiting_for_you");
        assertThat(status.milestones()).last().isEqualTo(
                new CustomerStatus.Milestone("information_requested", T0.plusSeconds(60), "请提供订单截图"));
    }

    @Test
    void aResolvedComplaintShowsTheSolutionAndNoDueDatesOnceClosed() {
        recorded(received, T0);
        recorded(new DeadlinesSetEvent(ID, List.of(clock("result-feedback", "ResultFeedbackSent", T0.plusSeconds(999))),
                Actor.service("sla-timer-service", "p")), T0);
        recorded(new ComplaintResolvedEvent(ID, "已补发商品并退还运费", T0.plusSeconds(500), STAFF), T0.plusSeconds(500));

        CustomerStatus resolved = CustomerStatusLookup.status("N", received, ComplaintStatus.RESOLVED, false,
                "logistics", "已补发商品并退还运费", events);
        CustomerStatus closed = CustomerStatusLookup.status("N", received, ComplaintStatus.CLOSED, false,
                "logistics", "已补发商品并退还运费", events);

        assertThat(resolved.solution()).isEqualTo("已补发商品并退还运费");
        assertThat(resolved.dueDates()).extracting(CustomerStatus.DueDate::clockId).containsExactly("result-feedback");
        assertThat(closed.dueDates()).isEmpty();
    }
}
