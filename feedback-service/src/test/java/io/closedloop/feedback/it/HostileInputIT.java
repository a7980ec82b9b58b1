package io.closedloop.feedback.it;

import io.closedloop.contract.HostileBodies;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.HostileEventRecords;
import io.closedloop.contract.event.HostileStreamCheck;
import io.closedloop.contract.topic.Topic;
import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.security.test.HostileRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

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
        Supplier<String> ids = () -> HostileStreamCheck.complaintIdOn(partition, PARTITIONS);
        var check = new HostileStreamCheck(service(), ids, NOW.minusSeconds(60));

        check.run(HostileEventRecords.sample(ids, NOW.minusSeconds(60), 3),
                Duration.ofSeconds(60));
    }

    @Test
    void everyEndpointAnswersHostileInputWithAClearClientError() {
        // a complaint this service knows, so that hostile bodies reach the code behind its routes
        ComplaintEventEnvelope known = complaintReceived(ComplaintEventFixtures.newComplaintId());
        publish(known);
        await().atMost(PATIENCE).until(() -> service().handled(List.of(known.eventId())).size() == 1);
        String id = known.complaintId();

        Iterator<byte[]> bodies = HostileBodies.bodies(FIELDS);
        Iterator<String> values = HostileBodies.parameterValues();
        MediaType html = MediaType.TEXT_HTML;
        List<HostileRequest> requests = List.of(
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/" + id + "/satisfaction",
                        MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/complaints/{v}/satisfaction", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/surveys/{v}/answer", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.POST, "/api/v1/parked-complaints/{v}/release", MediaType.APPLICATION_JSON),
                new HostileRequest(HttpMethod.GET, "/api/v1/parked-complaints/{v}", null),
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
        assertThat(HostileRequest.failures(HostileRequest.patient(web), requests, SAMPLES_PER_ENDPOINT, bodies::next,
                () -> new String[]{values.next(), values.next()})).isEmpty();
    }

    /** Found by the random half above: a % not followed by two hex digits made Spring's form reader answer 500. */
    @Test
    void aSurveyAnswerThatIsNotFormDataIsAClearClientError() {
        web.post().uri("/survey/t{token}", "abc").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("score=5&comment=%zz").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).contains("form data"));
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
