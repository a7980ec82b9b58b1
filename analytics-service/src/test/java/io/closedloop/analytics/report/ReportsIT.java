package io.closedloop.analytics.report;

import io.closedloop.analytics.AbstractIntegrationTest;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reports over complaints whose whole story is published on the real stream. Each test's complaints carry a
 * product of their own, and every report is filtered by it, so tests sharing the database do not see each other.
 */
class ReportsIT extends AbstractIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** 2025-03-12 in Shanghai: three complaints that day, two the next */
    private static final Instant DAY1 = Instant.parse("2025-03-12T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2025-03-13T02:00:00Z");

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcClient jdbc;

    String product;
    final List<ComplaintEventEnvelope> published = new ArrayList<>();

    @BeforeEach
    void newProduct() {
        product = "P-" + UUID.randomUUID();
    }

    @Test
    void countsTrendsBreakdownsKpisBreachesAndHotSpotsFromTheStream() {
        String a = complaint(DAY1, Channel.WEB, "product-quality/brakes", "quality", "major", List.of("刹车"));
        acknowledge(a, DAY1.plusSeconds(1800));           // within the hour
        resolve(a, DAY1.plusSeconds(86_400), 5);
        String b = complaint(DAY1.plusSeconds(600), Channel.PHONE, "product-quality/engine", "quality", "general",
                List.of("发动机"));
        acknowledge(b, DAY1.plusSeconds(600 + 7200));     // two hours: the one-hour clock is missed
        escalate(b, "acknowledge");
        String c = complaint(DAY1.plusSeconds(1200), Channel.WEB, "logistics", "logistics", "general", List.of("快递"));
        resolve(c, DAY1.plusSeconds(1200 + 3600), 2);
        String d = complaint(DAY2, Channel.EMAIL, "logistics", "logistics", "general", List.of("快递"));
        String e = complaint(DAY2.plusSeconds(60), Channel.WEB, "price", null, "general", List.of("价格"));
        awaitProjected(e, 1);
        awaitProjected(a, 6);

        web.get().uri("/api/v1/reports/trends?bucket=day&by=channel&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(4)
                .jsonPath("$[?(@.bucket == '2025-03-12' && @.key == 'web')].complaints").isEqualTo(2)
                .jsonPath("$[?(@.bucket == '2025-03-12' && @.key == 'phone')].complaints").isEqualTo(1)
                .jsonPath("$[?(@.bucket == '2025-03-13' && @.key == 'email')].complaints").isEqualTo(1)
                .jsonPath("$[?(@.bucket == '2025-03-13' && @.key == 'web')].complaints").isEqualTo(1);

        // the first level of the category tree rolls up brakes and engine
        web.get().uri("/api/v1/reports/breakdown?by=categoryLevel1&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[?(@.key == 'product-quality')].complaints").isEqualTo(2)
                .jsonPath("$[?(@.key == 'product-quality')].share").isEqualTo(0.4)
                .jsonPath("$[?(@.key == 'logistics')].complaints").isEqualTo(2)
                .jsonPath("$[2].key").isEqualTo("price");
        web.get().uri("/api/v1/reports/breakdown?by=department&product={p}&category=product-quality", product)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].key").isEqualTo("quality");

        web.get().uri("/api/v1/reports/kpis?product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.received").isEqualTo(5)
                .jsonPath("$.resolved").isEqualTo(2)
                .jsonPath("$.resolutionRate").isEqualTo(0.4)
                .jsonPath("$.satisfactionAnswers").isEqualTo(2)
                .jsonPath("$.satisfactionAverage").isEqualTo(3.5)
                .jsonPath("$.satisfiedShare").isEqualTo(0.5)
                // acknowledge (e was never assigned, so has no clock): a met in time, b late, c and d never by now
                .jsonPath("$.sla[?(@.clock == 'acknowledge')].metInTime").isEqualTo(1)
                .jsonPath("$.sla[?(@.clock == 'acknowledge')].missed").isEqualTo(3)
                .jsonPath("$.sla[?(@.clock == 'acknowledge')].escalations").isEqualTo(1);

        web.get().uri("/api/v1/reports/breaches?product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.department == 'quality' && @.clock == 'acknowledge')].missed").isEqualTo(1)
                .jsonPath("$[?(@.department == 'logistics' && @.clock == 'acknowledge')].missed").isEqualTo(2);

        web.get().uri("/api/v1/reports/hotspots?product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].topic").isEqualTo("快递")
                .jsonPath("$[0].complaints").isEqualTo(2)
                .jsonPath("$[0].resolved").isEqualTo(1);

        // drill-down from the phone bar of 12 March to the complaint behind it, and on to its timeline
        web.get().uri("/api/v1/reports/complaints?bucket=day&bucketStart=2025-03-12&channel=phone&product={p}",
                        product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].complaintId").isEqualTo(b)
                .jsonPath("$[0].escalations").isEqualTo(1);
        web.get().uri("/api/v1/complaints/{id}/timeline", b).exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("#0", "ComplaintReceived", "#3", "ComplaintAcknowledged", "EscalationRaised")
                        .doesNotContain("13812345678").contains("138****5678"));
    }

    @Test
    void exportsAnyReportAsCsvThatSpreadsheetsOpenInChinese() {
        complaint(DAY1, Channel.WEB, "物流/快递", "logistics", "general", List.of("快递"));
        String last = complaint(DAY1.plusSeconds(5), Channel.WEB, "物流/快递", "logistics", "general", List.of("快递"));
        awaitProjected(last, 2);

        web.get().uri("/api/v1/reports/breakdown?by=category&product={p}&format=csv", product).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class)
                .isEqualTo("\uFEFFkey,complaints,share\r\n物流/快递,2,1.0\r\n");
        web.get().uri("/api/v1/reports/kpis?product={p}", product).header("Accept", "text/csv").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(csv -> assertThat(csv.lines().findFirst().orElseThrow()).contains("received", "resolutionRate"));
    }

    @Test
    void aDepartmentSeesOnlyItsOwnFiguresDrillDownsExportsAndStreams() {
        String mine = complaint(DAY1, Channel.WEB, "物流/快递", "logistics", "general", List.of("快递"));
        complaint(DAY1.plusSeconds(5), Channel.WEB, "物流/快递", "logistics", "general", List.of("快递"));
        String theirs = complaint(DAY1.plusSeconds(9), Channel.WEB, "质量/刹车", "quality", "major", List.of("刹车"));
        awaitProjected(theirs, 3);
        var logistics = web.mutate().defaultHeaders(h -> h.set(io.closedloop.security.ApiKeys.HEADER,
                "demo-logistics-key")).build();

        logistics.get().uri("/api/v1/reports/breakdown?by=department&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].key").isEqualTo(List.of("logistics"));
        logistics.get().uri("/api/v1/reports/complaints?product={p}&format=csv", product).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(csv -> assertThat(csv).contains(mine).doesNotContain(theirs));
        logistics.get().uri("/api/v1/reports/kpis?product={p}&department=quality", product).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        logistics.get().uri("/api/v1/complaints/{id}/timeline", theirs).exchange().expectStatus().isNotFound();
        logistics.get().uri("/api/v1/complaints/{id}/events", mine).exchange().expectStatus().isOk();
        logistics.post().uri("/api/v1/projections/rebuilds").exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/reports/breakdown?by=department&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void aReportAsOfAPastMomentCountsOnlyWhatHadHappenedByThen() {
        String a = complaint(DAY1, Channel.WEB, "price", "sales", "general", List.of("价格"));
        resolve(a, DAY2, 4);
        awaitProjected(a, 5);

        web.get().uri("/api/v1/reports/kpis?product={p}&asOf={t}", product, DAY1.plusSeconds(3600)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.received").isEqualTo(1)
                .jsonPath("$.resolved").isEqualTo(0);
        web.get().uri("/api/v1/reports/kpis?product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.resolved").isEqualTo(1);
        web.get().uri("/api/v1/reports/kpis?product={p}&asOf={t}", product, NOW.plusSeconds(3600)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("asOf");
    }

    @Test
    void aRebuildGivesIdenticalNumbersAndSwitchesOnlyWhenItHasCaughtUp() {
        String a = complaint(DAY1, Channel.WEB, "after-sales", "service", "general", List.of("维修"));
        acknowledge(a, DAY1.plusSeconds(100));
        resolve(a, DAY1.plusSeconds(5000), 3);
        String b = complaint(DAY2, Channel.PHONE, "after-sales", "service", "major", List.of("维修"));
        awaitProjected(a, 6);
        awaitProjected(b, 2);
        String before = kpis();
        int liveBefore = liveGeneration();

        web.post().uri("/api/v1/projections/rebuilds").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.kind").isEqualTo("live");
        await().atMost(PATIENCE).until(() -> liveGeneration() != liveBefore);

        assertThat(kpis()).isEqualTo(before);
        web.get().uri("/api/v1/projections").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.generations[0].state").isEqualTo("active")
                .jsonPath("$.generations[0].progress").isEqualTo(1.0);
        assertThat(jdbc.sql("select count(*) from complaint_fact where generation = ?").param(liveBefore)
                .query(Long.class).single()).as("the retired generation's facts are gone").isZero();
    }

    @Test
    void raisesAnEarlyWarningWhenATopicRisesSuddenly() {
        String topic = "异味-" + UUID.randomUUID().toString().substring(0, 8);
        String last = null;
        for (int i = 0; i < 6; i++) {
            last = complaint(DAY2.plusSeconds(60L * i), Channel.WEB, "environment", "env", "general", List.of(topic));
        }
        awaitProjected(last, 2);
        web.get().uri("/api/v1/reports/hotspots/alerts?from={f}", DAY2.minusSeconds(86_400)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.topic == '%s')].observed".formatted(topic)).isEqualTo(6);
    }

    @Test
    void drillsDownToComplaintsWithoutAValueAndReadsDatesInTheOrganisationsZone() {
        String unclassified = UUID.randomUUID().toString();
        publish(unclassified, 0, DAY2, new ComplaintReceivedEvent(unclassified, Channel.WEB, "m-" + unclassified, DAY2,
                new Complainant("王芳", "13812345678", null, null), "投诉", "没有分类", InfoType.COMPLAINT, product,
                null, null, List.of(), "上海市浦东新区", "zh", new ChannelContext(null, null, false, null, null, null),
                Actor.customer(Channel.WEB, "test")));
        String classified = complaint(DAY1, Channel.WEB, "logistics", "logistics", "general", List.of("快递"));
        acknowledge(classified, DAY1.plusSeconds(1800));
        awaitProjected(unclassified, 0);
        awaitProjected(classified, 4);

        // the (none) bar of the category breakdown leads to the complaint that has no category
        web.get().uri("/api/v1/reports/complaints?category={none}&product={p}", "(none)", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].complaintId").isEqualTo(unclassified);
        // 2025-03-13 as a date picker gives it: from midnight in Shanghai (16:00 UTC the day before)
        web.get().uri("/api/v1/reports/kpis?from=2025-03-13&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.received").isEqualTo(1);
        web.get().uri("/api/v1/reports/kpis?to=2025-03-12T10:00&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.received").isEqualTo(0);
        // the whole period as one bucket: medians per department that buckets could not be added up to
        web.get().uri("/api/v1/reports/efficiency?bucket=all&byDepartment=true&product={p}", product).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.department == 'logistics')].bucket").isEqualTo("all")
                .jsonPath("$[?(@.department == 'logistics')].acknowledgeMedianHours").isEqualTo(0.5)
                .jsonPath("$[?(@.department == '(none)')].received").isEqualTo(1);
        web.get().uri("/api/v1/reports/kpis?from=13/03/2025").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    @Test
    void saysWhichParameterIsWrong() {
        web.get().uri("/api/v1/reports/trends?bucket=fortnight").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("bucket");
        web.get().uri("/api/v1/reports/breakdown?by=colour").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("by");
        web.get().uri("/api/v1/reports/kpis?from=yesterday&to=2025-01-01T00:00:00Z").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        web.get().uri("/api/v1/reports/complaints?limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        // a date Java reads and PostgreSQL cannot hold (found by HostileInputIT)
        web.get().uri("/api/v1/reports/major-daily?date=-999999999-01-01").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("date");
        web.get().uri("/api/v1/complaints/{id}/timeline", "no-such-complaint").exchange()
                .expectStatus().isNotFound();
    }

    private String kpis() {
        return web.get().uri("/api/v1/reports/kpis?product={p}", product).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private int liveGeneration() {
        return jdbc.sql("select generation from projection_generation where kind = 'live' and state = 'active'")
                .query(Integer.class).single();
    }

    /** Receives, classifies, assigns (unless department is null) and sets the 1-hour acknowledge clock. */
    private String complaint(Instant at, Channel channel, String category, String department, String severity,
            List<String> topics) {
        String id = UUID.randomUUID().toString();
        publish(id, 0, at, new ComplaintReceivedEvent(id, channel, "m-" + id, at,
                new Complainant("王芳", "13812345678", null, null), "投诉", "关于" + topics.get(0) + "的问题",
                InfoType.COMPLAINT, product,
                null, null, List.of(), "上海市浦东新区", "zh", new ChannelContext(null, null, false, null, null, null),
                Actor.customer(channel, "test")));
        publish(id, 1, at.plusSeconds(1), new ComplaintClassifiedEvent(id, InfoType.COMPLAINT, category, severity,
                topics, "rules@1", 1.0, false, Actor.service("routing-service", "rules@1")));
        int next = 2;
        if (department != null) {
            publish(id, next++, at.plusSeconds(2), new DepartmentAssignedEvent(id, department, "normal", "rule",
                    "rules@1", at.plusSeconds(2), Actor.service("routing-service", "rules@1")));
            publish(id, next, at.plusSeconds(3), new DeadlinesSetEvent(id, List.of(new Deadline("acknowledge",
                    "ComplaintAcknowledged", at, null, at.plusSeconds(3600), "cal@1", "clocks@1")),
                    Actor.service("sla-timer-service", "clocks@1")));
        }
        return id;
    }

    private void acknowledge(String id, Instant at) {
        publish(id, nextSequence(id), at, new ComplaintAcknowledgedEvent(id, "dept", "已受理", at, Actor.user("agent")));
    }

    private void escalate(String id, String clock) {
        Instant at = lastAt(id).plusSeconds(1);
        publish(id, nextSequence(id), at, new EscalationRaisedEvent(id, clock, 1, at, "lead",
                Actor.service("sla-timer-service", "clocks@1")));
    }

    private void resolve(String id, Instant at, int satisfaction) {
        publish(id, nextSequence(id), at, new ComplaintResolvedEvent(id, "fixed", at, Actor.user("agent")));
        publish(id, nextSequence(id), at.plusSeconds(60), new SatisfactionRecordedEvent(id, satisfaction, null, "phone",
                Actor.user("agent")));
    }

    private long nextSequence(String id) {
        return published.stream().filter(e -> e.complaintId().equals(id)).count();
    }

    private Instant lastAt(String id) {
        return published.stream().filter(e -> e.complaintId().equals(id)).reduce((x, y) -> y).orElseThrow()
                .occurredAt();
    }

    private void publish(String id, long sequence, Instant at, ComplaintEvent event) {
        var envelope = new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(event.getClass()),
                "1", id, sequence, at, "corr-" + id, UUID.randomUUID().toString(), event);
        published.add(envelope);
        publish(envelope);
    }

    private void awaitProjected(String id, long lastSequence) {
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from complaint_fact f join projection_generation g
                          on g.generation = f.generation and g.kind = 'live' and g.state = 'active'
                         where f.complaint_id = ? and f.last_sequence >= ?""")
                .params(id, lastSequence).query(Long.class).single() == 1);
    }

}
