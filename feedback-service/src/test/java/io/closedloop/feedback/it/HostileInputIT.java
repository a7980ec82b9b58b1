package io.closedloop.feedback.it;

import io.closedloop.contract.HostileBodies;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.security.test.HostileRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed, huge, deeply nested, mis-encoded and hostile input, generated with jqwik, at the topic feedback-service
 * consumes ({@code complaint.events.v1}) and at every endpoint that takes a body or parameters. A bad record ends on
 * the dead-letter topic with a reason naming it and every good event behind it is handled (its inbox row); a hostile
 * request gets a clear 4xx (problem+json; the survey page, for people, a page), never a 5xx. The input differs from
 * run to run; a failure names what was sent.
 */
class HostileInputIT extends AbstractIntegrationTest {

    private static final String DEAD_LETTER_TOPIC = "complaint.events.v1.feedback-service.dlt";
    private static final int PARTITIONS = 6;
    private static final int SAMPLES_PER_ENDPOINT = 10;

    /** Field names the endpoints read, so that hostile values reach the code that reads them. */
    private static final List<String> FIELDS = List.of("score", "comment", "method", "takenBy", "kind", "amount",
            "currency", "reason", "proposedBy", "approvedAmount", "approver", "paymentReference", "paidBy", "assignee",
            "by", "outcome", "note", "medium", "lang");

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

    @Test
    void everyEndpointAnswersHostileInputWithAClearClientError() {
        // a complaint this service knows, so that hostile bodies reach the code behind its routes
        ComplaintEventEnvelope known = complaintReceived(ComplaintEventFixtures.newComplaintId());
        publish(known);
        await().atMost(PATIENCE).until(() -> new Service().handled(List.of(known.eventId())).size() == 1);
        String id = known.complaintId();

        Iterator<byte[]> bodies = HostileBodies.bodies(FIELDS);
        Iterator<String> values = HostileBodies.parameterValues();
        MediaType html = MediaType.TEXT_HTML;
        List<HostileRequest> requests = List.of(
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/" + id + "/satisfaction",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/{v}/satisfaction", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/surveys/{v}/answer", MediaType.APPLICATION_JSON),
                // never an empty token: /survey/ is not the page, and the API's 404 problem answers it
                new HostileRequest(HttpMethod.GET, "/survey/t{v}?lang={v}", null, html),
                new HostileRequest(HttpMethod.POST, "/survey/t{v}", MediaType.APPLICATION_FORM_URLENCODED, html),
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/" + id + "/compensations",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/compensations/{v}/approval", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/compensations/{v}/payment", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/compensations/{v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/complaints/{v}/compensations", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/care-tasks?status={v}&assignee={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/care-tasks?complaintId={v}&limit={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/care-tasks/{v}", null),
                new HostileRequest(HttpMethod.POST, "/api/v1/care-tasks/{v}/assignment", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/care-tasks/{v}/outcome", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/complaints/{v}/feedback", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/complaints/" + id + "/result-letter?lang={v}", null),
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/" + id + "/result-letter/dispatches",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/outbox/mails?status={v}&limit={v}", null),
                new HostileRequest(HttpMethod.GET, "/api/v1/closing/overdue?limit={v}", null));
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
            return new HashSet<>(jdbc.sql("select event_id from processed_event where event_id = any(?)")
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
