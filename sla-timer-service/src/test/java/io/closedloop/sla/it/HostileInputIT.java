package io.closedloop.sla.it;

import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.sla.AbstractIntegrationTest;
import io.closedloop.contract.HostileBodies;
import io.closedloop.security.test.HostileRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, huge, deeply nested, mis-encoded and hostile records on the one topic sla-timer-service consumes
 * ({@code complaint.events.v1}), interleaved with good events on one partition: each bad record ends on the
 * dead-letter topic with a reason naming it, and every good event behind it is handled (its inbox row). The
 * records differ from run to run (jqwik's samples); a failure names each record that was not dealt with.
 */
class HostileInputIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.sla-timer-service.dlt";
    private static final int PARTITIONS = 6;

    /** Field names the endpoints read, so that hostile values reach the code that reads them. */
    private static final List<String> FIELDS = List.of("failedEvent", "id", "zone", "weekend", "businessHours",
            "from", "to", "years", "holidays", "workdays", "date", "name", "clocks", "clockId", "startOn",
            "satisfiedBy", "targets", "severity", "workingDays", "workingTime", "elapsed", "warnBefore", "escalation",
            "appliesTo", "pauseOn", "resumeOn", "pauseExtendsDeadline", "steps", "after", "level");
    private static final int SAMPLES_PER_ENDPOINT = 6;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebTestClient web;

    @Test
    void deadLettersEveryHostileRecordWithItsReasonAndHandlesEveryGoodEventBehindIt() {
        int partition = ThreadLocalRandom.current().nextInt(PARTITIONS);
        Supplier<String> ids = () -> HostileStreamCheck.complaintIdOn(partition, PARTITIONS);
        var check = new HostileStreamCheck(service(), ids, Instant.now());

        check.run(HostileEventRecords.sample(ids, Instant.now(), 3),
                Duration.ofSeconds(60));
    }

    /**
     * Every endpoint that takes a body or parameters, given hostile bodies, path values and query values: a clear
     * 4xx problem (or an acceptance), never a 5xx.
     */
    @Test
    void everyEndpointAnswersHostileInputWithAClearClientError() {
        Iterator<byte[]> bodies = HostileBodies.bodies(FIELDS);
        Iterator<String> values = HostileBodies.parameterValues();
        List<HostileRequest> requests = List.of(
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/{v}?revision={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/cn-mainland?revision={v}", null),
                new HostileRequest(HttpMethod.PUT, "/api/v1/calendars/cn-mainland/years/{v}?note={v}",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.PUT, "/api/v1/calendars/cn-mainland/years/2031", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.PUT, "/api/v1/calendars/{v}?note={v}", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/{v}/due?from={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/cn-mainland/due?from={v}&workingDays={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/cn-mainland/due?from={v}&workingTime={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/calendars/cn-mainland/due?from={v}&elapsed={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/complaints/{v}/clocks", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/breaches?from={v}&to={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/clock-policies/{v}", null),
                new HostileRequest(HttpMethod.POST, "/api/v1/clock-policies/validation", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/clock-policies?activeFrom={v}&note={v}",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/parked-complaints/{v}", null),
                new HostileRequest(HttpMethod.POST, "/api/v1/parked-complaints/{v}/release",
                        MediaType.APPLICATION_JSON));
        assertThat(HostileRequest.failures(HostileRequest.patient(web), requests, SAMPLES_PER_ENDPOINT, bodies::next,
                () -> new String[]{values.next(), values.next()})).isEmpty();
    }

    private HostileStreamCheck.Service service() {
        return HostileStreamCheck.overKafka(
                (key, value) -> kafka().send(Topic.COMPLAINT_EVENTS.topicName(), key, value),
                (enough, patience) -> kafka().readUntil(DEAD_LETTER_TOPIC, enough, patience),
                eventIds -> new HashSet<>(jdbc.sql("select event_id from processed_event where event_id = any(?)")
                        .param(eventIds.toArray(String[]::new))
                        .query(String.class)
                        .list()));
    }
}
