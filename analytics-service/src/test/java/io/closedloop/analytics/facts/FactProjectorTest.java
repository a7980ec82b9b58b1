package io.closedloop.analytics.facts;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.Money;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FactProjectorTest {

    static final String ID = "c-1";
    static final Instant T0 = Instant.parse("2026-09-30T01:55:00Z");
    static final Actor SVC = Actor.service("test", null);

    final List<ComplaintEventEnvelope> stream = new ArrayList<>();

    @Test
    void foldsAComplaintsLifeIntoTheFiguresReportsCount() {
        add(received(T0));
        add(new ComplaintClassifiedEvent(ID, InfoType.COMPLAINT, "product-quality/brakes", "major",
                List.of("刹车", "#Brakes "), "rules@1", 0.9, false, SVC));
        add(new DepartmentAssignedEvent(ID, "quality", "high", "rule", "rules@1", T0.plusSeconds(60), SVC));
        add(new DeadlinesSetEvent(ID, List.of(
                new Deadline("acknowledge", "ComplaintAcknowledged", T0, null, T0.plusSeconds(3600), "cal@1", "p@1"),
                new Deadline("resolve", "ComplaintResolved", T0, null, T0.plusSeconds(86_400), "cal@1", "p@1")), SVC));
        add(new ComplaintAcknowledgedEvent(ID, "quality", "ok", T0.plusSeconds(7200), Actor.user("u")));
        add(new EscalationRaisedEvent(ID, "acknowledge", 1, T0.plusSeconds(3600), "lead", SVC));
        add(new ComplaintTransferredEvent(ID, "quality", "after-sales", "wrong dept", Actor.user("u")));
        add(new ComplaintResolvedEvent(ID, "replaced pads", T0.plusSeconds(50_000), Actor.user("u")));
        add(new SatisfactionRecordedEvent(ID, 4, "ok", "phone", Actor.user("u")));
        add(new CompensationPaidEvent(ID, "comp-1", new Money(new BigDecimal("200.00"), "CNY"), "pay-1", SVC));

        ComplaintFact f = fold(List.of("异响"));

        assertThat(f.channel).isEqualTo("web");
        assertThat(f.infoType).isEqualTo("complaint");
        assertThat(f.category).isEqualTo("product-quality/brakes");
        assertThat(f.department).isEqualTo("after-sales");
        assertThat(f.transfers).isEqualTo(1);
        assertThat(f.status).isEqualTo(ComplaintFact.Status.RESOLVED);
        assertThat(f.region).isEqualTo("上海市浦东新区");
        assertThat(f.publicPost).isTrue();
        assertThat(f.satisfaction).isEqualTo(4);
        assertThat(f.compensationPaid).isEqualByComparingTo("200");
        assertThat(f.escalations).isEqualTo(1);
        assertThat(f.topics()).containsExactly("刹车", "brakes", "异响");
        // acknowledged two hours in: the one-hour clock was met, late; the resolve clock in time
        assertThat(FactProjector.metAt(f, f.clocks.get("acknowledge"))).isEqualTo(T0.plusSeconds(7200));
        assertThat(FactProjector.metAt(f, f.clocks.get("resolve"))).isEqualTo(T0.plusSeconds(50_000));
        assertThat(f.clocks.get("acknowledge").escalations).isEqualTo(1);
    }

    @Test
    void anEventFoldedBeforeChangesNothing() {
        add(received(T0));
        add(new ComplaintTransferredEvent(ID, "a", "b", "r", Actor.user("u")));
        ComplaintFact once = fold(null);
        ComplaintFact again = FactProjector.apply(once, stream.get(1), null);
        again = FactProjector.apply(again, stream.get(0), null);
        assertThat(again.transfers).isEqualTo(1);
        assertThat(again.lastSequence).isEqualTo(1);
    }

    @Test
    void aReopenedComplaintIsOpenAgainAndItsNewResolveClockIsMetOnlyByALaterResolution() {
        add(received(T0));
        add(new ComplaintResolvedEvent(ID, "done", T0.plusSeconds(100), Actor.user("u")));
        add(new ComplaintReopenedEvent(ID, "not fixed", Actor.user("u")));
        Instant reopened = T0.plusSeconds(10_000);
        add(new DeadlinesSetEvent(ID, List.of(new Deadline("resolve", "ComplaintResolved", reopened, null,
                reopened.plusSeconds(86_400), "cal@1", "p@1")), SVC));
        ComplaintFact f = fold(null);
        assertThat(f.status).isEqualTo(ComplaintFact.Status.REOPENED);
        assertThat(f.resolvedAt).isNull();
        assertThat(f.reopened).isEqualTo(1);
        assertThat(FactProjector.metAt(f, f.clocks.get("resolve"))).isNull();

        add(new ComplaintResolvedEvent(ID, "fixed", reopened.plusSeconds(500), Actor.user("u")));
        add(new ComplaintClosedEvent(ID, "customer", reopened.plusSeconds(900), Actor.user("u")));
        f = fold(null);
        assertThat(FactProjector.metAt(f, f.clocks.get("resolve"))).isEqualTo(reopened.plusSeconds(500));
        assertThat(f.status).isEqualTo(ComplaintFact.Status.CLOSED);
    }

    @Test
    void aComplaintWhoseReceiptWasNeverSeenStillCountsWhatIsKnown() {
        stream.add(envelope(5, new DepartmentAssignedEvent(ID, "logistics", "normal", "r", "rules@1", null, SVC)));
        ComplaintFact f = fold(null);
        assertThat(f.department).isEqualTo("logistics");
        assertThat(f.receivedAt).isNull();
        assertThat(f.assignedAt).isEqualTo(stream.get(0).occurredAt());
    }

    private ComplaintFact fold(List<String> keywords) {
        ComplaintFact f = null;
        for (ComplaintEventEnvelope e : stream) {
            f = FactProjector.apply(f, e, e.sequence() == 0 ? keywords : null);
        }
        return f;
    }

    private static ComplaintReceivedEvent received(Instant at) {
        return new ComplaintReceivedEvent(ID, Channel.WEB, "w-1", at, new Complainant("王芳", null, "w@example.cn", null),
                "刹车", "刹车异响", InfoType.COMPLAINT, "SUV-X", null, null, List.of(), "上海市浦东新区", "zh",
                new ChannelContext("weibo", null, true, 5000L, null, null), Actor.customer(Channel.WEB, "web"));
    }

    private void add(ComplaintEvent event) {
        stream.add(envelope(stream.size(), event));
    }

    private static ComplaintEventEnvelope envelope(long sequence, ComplaintEvent event) {
        return new ComplaintEventEnvelope("e-" + sequence, ComplaintEvent.typeName(event.getClass()), "1", ID, sequence,
                T0.plusSeconds(sequence), "corr", "cause", event);
    }
}
