package io.closedloop.sla.it;

import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.sla.AbstractIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import io.closedloop.contract.HostileBodies;
import io.closedloop.security.test.HostileRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.closedloop.deploy.KafkaTestClient.header;
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
        var check = new HostileStreamCheck(new Service(), () -> complaintIdOn(partition), Instant.now());

        check.run(HostileEventRecords.sample(() -> complaintIdOn(partition), Instant.now(), 3),
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
        // 5 s by default; a loaded machine may need longer, a service that sits on a request for 30 s fails
        WebTestClient patient = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        // every endpoint is tried, and every failure reported, not only the first
        List<String> failures = new ArrayList<>();
        for (HostileRequest request : requests) {
            for (int i = 0; i < SAMPLES_PER_ENDPOINT; i++) {
                try {
                    request.send(patient, bodies.next(), values.next(), values.next());
                } catch (AssertionError failure) {
                    failures.add(failure.getMessage());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** A new complaint id whose records land on {@code partition}, as the producer's default partitioner puts them. */
    static String complaintIdOn(int partition) {
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
                java.util.function.Predicate<List<HostileStreamCheck.DeadLetter>> enough, Duration patience) {
            return kafka().readUntil(DEAD_LETTER_TOPIC, records -> enough.test(deadLetters(records)), patience)
                    .stream().map(HostileInputIT::deadLetter).toList();
        }

        @Override
        public Set<String> handled(Collection<String> eventIds) {
            return new HashSet<>(jdbc.sql("select event_id from processed_event where event_id = any(?)")
                    .param(eventIds.toArray(String[]::new))
                    .query(String.class)
                    .list());
        }
    }

    private static List<HostileStreamCheck.DeadLetter> deadLetters(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(HostileInputIT::deadLetter).toList();
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
