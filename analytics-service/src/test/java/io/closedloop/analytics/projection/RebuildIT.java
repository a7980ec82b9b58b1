package io.closedloop.analytics.projection;

import io.closedloop.analytics.AbstractIntegrationTest;
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
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.DeadlineWarningRaisedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuilt generation and a snapshot (both folded from the event log in bulk and written with COPY) hold exactly
 * the rows the live projection wrote event by event (with upserts), for a mixed history: every kind of event that
 * changes a figure, a redelivered event, complaints whose events interleave, one whose first events were never
 * seen, texts with quotes, commas, backslashes and line breaks, times with nanoseconds.
 */
class RebuildIT extends AbstractIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2025-03-10T02:00:00.123456789Z");
    private static final Actor SVC = Actor.service("sla-timer-service", "clocks@1");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Projections projections;

    @Autowired
    Generations generations;

    final Map<String, List<ComplaintEventEnvelope>> streams = new LinkedHashMap<>();

    @Test
    void aRebuildAndASnapshotWriteTheRowsTheLiveProjectionWrote() {
        String a = id();
        String b = id();
        String c = id();
        String d = id();
        received(a, "刹车异响, \"严重\"\\ 4S店说正常\n第二行", Channel.WEB, true);
        received(b, "The parcel arrived two weeks late, and the box was \"damaged\".", Channel.EMAIL, false);
        event(a, new ComplaintClassifiedEvent(a, InfoType.COMPLAINT, "product-quality/brakes", "major",
                List.of("刹车", "#Brakes ", "a,b"), "rules@1", 0.9, false, SVC));
        event(b, new ComplaintClassifiedEvent(b, InfoType.INQUIRY, "logistics", "general", List.of("快递"), "rules@1",
                0.7, false, SVC));
        event(a, new DepartmentAssignedEvent(a, "quality", "high", "rule", "rules@1", T0.plusNanos(1_500), SVC));
        event(a, new DeadlinesSetEvent(a, List.of(
                new Deadline("acknowledge", "ComplaintAcknowledged", T0, null, T0.plusSeconds(3600), "cal@1", "p@1"),
                new Deadline("resolve", "ComplaintResolved", T0, null, T0.plusSeconds(86_400), "cal@1", "p@1")), SVC));
        event(b, new DepartmentAssignedEvent(b, "logistics", "normal", "rule", "rules@1", null, SVC));
        event(a, new DeadlineWarningRaisedEvent(a, "acknowledge", T0.plusSeconds(3600), T0.plusSeconds(3000), SVC));
        event(a, new EscalationRaisedEvent(a, "acknowledge", 1, T0.plusSeconds(3600), "lead", SVC));
        event(a, new ComplaintAcknowledgedEvent(a, "quality", "已受理", T0.plusSeconds(7200), Actor.user("u")));
        event(a, new ComplaintTransferredEvent(a, "quality", "after-sales", "wrong, \"very\" wrong", Actor.user("u")));
        event(a, new ExtensionPromisedEvent(a, "resolve", T0.plusSeconds(172_800).plusNanos(499), "parts",
                Actor.user("u")));
        event(a, new ProgressNotedEvent(a, "ordered parts", Actor.user("u")));
        event(a, new ComplaintResolvedEvent(a, "replaced pads", T0.plusSeconds(50_000), Actor.user("u")));
        event(a, new ResultFeedbackSentEvent(a, "sms", "done", T0.plusSeconds(50_100), SVC));
        event(a, new SatisfactionRecordedEvent(a, 2, "slow", "phone", Actor.user("u")));
        event(a, new ComplaintReopenedEvent(a, "noise again", Actor.user("u")));
        event(a, new CompensationPaidEvent(a, "comp-1", new Money(new BigDecimal("199.50"), "CNY"), "pay-1", SVC));
        event(a, new CompensationPaidEvent(a, "comp-2", new Money(new BigDecimal("0.005"), "CNY"), "pay-2", SVC));
        event(a, new ComplaintResolvedEvent(a, "fixed", T0.plusSeconds(90_000), Actor.user("u")));
        event(a, new ComplaintClosedEvent(a, "customer", T0.plusSeconds(95_000), Actor.user("u")));
        received(c, "重复投诉", Channel.PHONE, false);
        event(c, new DuplicateDetectedEvent(c, b, "same order", SVC));
        event(c, new ComplaintWithdrawnEvent(c, "duplicate", Actor.user("u")));
        // d: its first events were never seen here (the stream starts at sequence 5), and one is delivered twice
        ComplaintEventEnvelope late = envelope(d, 5, new DepartmentAssignedEvent(d, "service", "normal", "rule",
                "rules@1", null, SVC));
        publish(late);
        publish(late);
        streams.computeIfAbsent(d, k -> new ArrayList<>()).add(late);
        event(d, new ComplaintAcknowledgedEvent(d, "service", "ok", null, Actor.user("u")));
        ComplaintEventEnvelope twice = streams.get(b).get(0);
        publish(twice);

        awaitLiveFolded();
        int live = generations.live();
        Map<String, List<Map<String, Object>>> folded = rows(live);
        assertThat(folded.get("complaint_fact")).hasSize(4);
        assertThat(folded.get("clock_fact")).hasSize(2);
        assertThat(folded.get("topic_fact")).isNotEmpty();

        int snapshot = projections.snapshot(Instant.parse("2100-01-01T00:00:00Z")).generation();
        assertThat(rows(snapshot)).isEqualTo(folded);

        projections.rebuild();
        await().atMost(PATIENCE).until(() -> generations.live() != live);
        assertThat(rows(generations.live())).isEqualTo(folded);
    }

    private void awaitLiveFolded() {
        await().atMost(PATIENCE).until(() -> streams.entrySet().stream().allMatch(s -> jdbc.sql("""
                        select count(*) from complaint_fact f join projection_generation g
                          on g.generation = f.generation and g.kind = 'live' and g.state = 'active'
                         where f.complaint_id = ? and f.last_sequence = ?""")
                .params(s.getKey(), s.getValue().get(s.getValue().size() - 1).sequence())
                .query(Long.class).list().equals(List.of(1L))));
    }

    /** Every row of these complaints in the generation, per table, without the generation number. */
    private Map<String, List<Map<String, Object>>> rows(int generation) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        for (String table : List.of("complaint_fact", "clock_fact", "topic_fact")) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String complaint : streams.keySet()) {
                jdbc.sql("select * from " + table + " where generation = ? and complaint_id = ? order by 3")
                        .params(generation, complaint)
                        .query().listOfRows()
                        .forEach(row -> {
                            Map<String, Object> copy = new LinkedHashMap<>(row);
                            copy.remove("generation");
                            // jsonb: compared as PostgreSQL prints it (keys in its own order)
                            copy.computeIfPresent("state", (k, v) -> v.toString());
                            rows.add(copy);
                        });
            }
            tables.put(table, rows);
        }
        return tables;
    }

    private static String id() {
        return "rebuild-" + UUID.randomUUID();
    }

    private void received(String id, String text, Channel channel, boolean publicPost) {
        event(id, new ComplaintReceivedEvent(id, channel, "m-" + id, T0.plusNanos(777), new Complainant("王芳",
                "13812345678", null, null), "投诉, \"标题\"", text, InfoType.COMPLAINT, "SUV \"X\", 2025", null, null,
                List.of(), "上海市浦东新区", "zh", new ChannelContext("weibo", null, publicPost, 10L, null, null),
                Actor.customer(channel, "test")));
    }

    private void event(String id, ComplaintEvent event) {
        List<ComplaintEventEnvelope> stream = streams.computeIfAbsent(id, k -> new ArrayList<>());
        long sequence = stream.isEmpty() ? 0 : stream.get(stream.size() - 1).sequence() + 1;
        ComplaintEventEnvelope envelope = envelope(id, sequence, event);
        stream.add(envelope);
        publish(envelope);
    }

    private static ComplaintEventEnvelope envelope(String id, long sequence, ComplaintEvent event) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(event.getClass()), "1",
                id, sequence, T0.plusSeconds(sequence * 60).plusNanos(sequence * 333), "corr-" + id,
                UUID.randomUUID().toString(), event);
    }
}
