package io.closedloop.analytics.it;

import io.closedloop.contract.HostileBodies;
import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.analytics.AbstractIntegrationTest;
import io.closedloop.security.test.HostileRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, huge, deeply nested, mis-encoded and hostile input, generated with jqwik, at the topic analytics-service
 * consumes ({@code complaint.events.v1}) and at every endpoint that takes a body or parameters. A bad record ends on
 * the dead-letter topic with a reason naming it and every good event behind it is handled (in its event log); a hostile
 * request gets a clear 4xx (problem+json), never a 5xx. The input differs from
 * run to run; a failure names what was sent.
 */
class HostileInputIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.analytics-service.dlt";
    private static final int PARTITIONS = 6;
    private static final int SAMPLES_PER_ENDPOINT = 4;

    /** Field names the endpoints read, so that hostile values reach the code that reads them. */
    /** Every report's parameters: the period, the dimensions, buckets, paging and a past moment. */
    private static final String FILTERS = "from={v}&to={v}&category={v}&infoType={v}&channel={v}&department={v}"
            + "&severity={v}&product={v}&region={v}&asOf={v}&format={v}&bucket={v}&by={v}&limit={v}&offset={v}"
            + "&date={v}&topic={v}&bucketStart={v}&byDepartment={v}&lang={v}";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebTestClient web;

    @Test
    void deadLettersEveryHostileRecordWithItsReasonAndHandlesEveryGoodEventBehindIt() {
        int partition = ThreadLocalRandom.current().nextInt(PARTITIONS);
        Supplier<String> ids = () -> HostileStreamCheck.complaintIdOn(partition, PARTITIONS);
        var check = new HostileStreamCheck(service(), ids, NOW.minusSeconds(60));

        check.run(HostileEventRecords.sample(ids, NOW.minusSeconds(60), 3),
                Duration.ofSeconds(60));
    }

    /**
     * Every endpoint that takes parameters, given hostile values for all of them at once and for each alone. Starting
     * a rebuild takes none, and is left out: it would replace the generation other tests read.
     */
    @Test
    void everyEndpointAnswersHostileParametersWithAClearClientError() {
        Iterator<String> values = HostileBodies.parameterValues();
        List<String> reports = List.of("trends", "breakdown", "efficiency", "kpis", "breaches", "hotspots",
                "hotspots/alerts", "major-daily", "complaints");
        List<HostileRequest> requests = new ArrayList<>();
        for (String report : reports) {
            // all at once, several times; then each alone, so that one refusal cannot hide another's 5xx
            for (int i = 0; i < SAMPLES_PER_ENDPOINT; i++) {
                requests.add(new HostileRequest(HttpMethod.GET, "/api/v1/reports/" + report + "?" + FILTERS, null));
            }
            for (String filter : FILTERS.split("&")) {
                requests.add(new HostileRequest(HttpMethod.GET, "/api/v1/reports/" + report + "?" + filter, null));
            }
        }
        for (int i = 0; i < SAMPLES_PER_ENDPOINT; i++) {
            requests.add(new HostileRequest(HttpMethod.GET, "/api/v1/projections/{v}", null));
            requests.add(new HostileRequest(HttpMethod.GET, "/api/v1/complaints/{v}/events", null));
            requests.add(new HostileRequest(HttpMethod.GET, "/api/v1/complaints/{v}/timeline", null));
        }
        // each request once (they are many), with 20 fresh values for its variables
        assertThat(HostileRequest.failures(web, requests, 1, () -> null, () -> {
            String[] sample = new String[20];
            Arrays.setAll(sample, n -> values.next());
            return sample;
        })).isEmpty();
        for (int i = 0; i < SAMPLES_PER_ENDPOINT; i++) {
            // what a header can carry at all: a client cannot send control characters or other scripts in one
            String language = values.next().replaceAll("[^\\x20-\\x7e]", "");
            web.get().uri("/api/v1/dashboard/settings").header("Accept-Language", language).exchange()
                    .expectStatus().value(status -> assertThat(status)
                            .as("settings answered %s to Accept-Language %s", status, language).isLessThan(500));
        }
    }

    private HostileStreamCheck.Service service() {
        return HostileStreamCheck.overKafka(
                (key, value) -> kafka().send(Topic.COMPLAINT_EVENTS.topicName(), key, value),
                (enough, patience) -> kafka().readUntil(DEAD_LETTER_TOPIC, enough, patience),
                eventIds -> new HashSet<>(jdbc.sql("select event_id from event_log where event_id = any(?)")
                        .param(eventIds.toArray(String[]::new))
                        .query(String.class)
                        .list()));
    }
}
