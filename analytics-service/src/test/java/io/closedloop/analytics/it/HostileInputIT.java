package io.closedloop.analytics.it;

import io.closedloop.contract.HostileBodies;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.analytics.AbstractIntegrationTest;
import io.closedloop.security.test.HostileRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

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
        var check = new HostileStreamCheck(new Service(), () -> complaintIdOn(partition), NOW.minusSeconds(60));

        check.run(HostileEventRecords.sample(() -> complaintIdOn(partition), NOW.minusSeconds(60), 3),
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
        String[] sample = new String[20];
        // every endpoint is tried, and every failure reported, not only the first
        List<String> failures = new ArrayList<>();
        for (HostileRequest request : requests) {
            Arrays.setAll(sample, n -> values.next());
            try {
                request.send(web, null, sample);
            } catch (AssertionError failure) {
                failures.add(failure.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        for (int i = 0; i < SAMPLES_PER_ENDPOINT; i++) {
            // what a header can carry at all: a client cannot send control characters or other scripts in one
            String language = values.next().replaceAll("[^\\x20-\\x7e]", "");
            web.get().uri("/api/v1/dashboard/settings").header("Accept-Language", language).exchange()
                    .expectStatus().value(status -> assertThat(status)
                            .as("settings answered %s to Accept-Language %s", status, language).isLessThan(500));
        }
    }

    /** A new complaint id whose records land on {@code partition}, as the producer's default partitioner puts them. */
    private static String complaintIdOn(int partition) {
        while (true) {
            String id = ComplaintEventFixtures.newComplaintId();
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return id;
            }
        }
    }

    private final class Service implements HostileStreamCheck.Service {
        @Override
        public HostileStreamCheck.Position send(String key, byte[] value) {
            RecordMetadata sent = kafka().send(Topic.COMPLAINT_EVENTS.topicName(), key, value);
            return new HostileStreamCheck.Position(sent.partition(), sent.offset());
        }

        @Override
        public List<HostileStreamCheck.DeadLetter> readDeadLettersUntil(
                Predicate<List<HostileStreamCheck.DeadLetter>> enough, Duration patience) {
            return kafka().readUntil(DEAD_LETTER_TOPIC,
                            records -> enough.test(records.stream().map(HostileInputIT::deadLetter).toList()), patience)
                    .stream().map(HostileInputIT::deadLetter).toList();
        }

        @Override
        public Set<String> handled(Collection<String> eventIds) {
            return new HashSet<>(jdbc.sql("select event_id from event_log where event_id = any(?)")
                    .param(eventIds.toArray(String[]::new))
                    .query(String.class)
                    .list());
        }
    }

    /** spring-kafka writes the original partition and offset as binary int and long headers. */
    private static HostileStreamCheck.DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        Header partition = record.headers().lastHeader("kafka_dlt-original-partition");
        Header offset = record.headers().lastHeader("kafka_dlt-original-offset");
        return new HostileStreamCheck.DeadLetter(new HostileStreamCheck.Position(
                ByteBuffer.wrap(partition.value()).getInt(), ByteBuffer.wrap(offset.value()).getLong()),
                header(record, "kafka_dlt-exception-message"));
    }
}
