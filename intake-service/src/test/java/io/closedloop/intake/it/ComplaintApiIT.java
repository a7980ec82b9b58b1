package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API as a channel adapter and a department system use it. */
class ComplaintApiIT extends IntakeIntegrationTest {

    static String complaintJson(String messageId) {
        return """
                {"channel": "web", "channelMessageId": "%s", "receivedAt": "%s",
                 "complainant": {"name": "李雷", "phone": "+86 138 1234 5678", "email": "li.lei@example.com"},
                 "subject": "物流延误 / late delivery",
                 "text": "订单 A-100 已经十天没有发货。Order A-100 has not shipped for ten days.",
                 "product": "Kettle K2", "orderRef": "A-100", "location": {"lat": 31.23, "lon": 121.47},
                 "attachments": [{"name": "receipt.jpg", "uri": "s3://attachments/receipt.jpg", "mediaType": "image/jpeg"}]}
                """.formatted(messageId, Instant.now().minus(Duration.ofMinutes(3)));
    }

    String post(String json, HttpStatus expected) {
        return client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectHeader().exists("Location")
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("complaintId").asText();
    }

    @Test
    void aPostedComplaintIsOnTheStreamWithHeadersThatAnyKafkaClientCanRead() throws Exception {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);

        ConsumerRecord<String, byte[]> record = kafka.readFirstWithKey(Topic.COMPLAINT_EVENTS.topicName(), id,
                Duration.ofSeconds(60));

        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ComplaintReceived");
        assertThat(header(record, EventHeaders.EVENT_REVISION)).isEqualTo("1");
        assertThat(header(record, EventHeaders.COMPLAINT_ID)).isEqualTo(id);
        assertThat(header(record, EventHeaders.SEQUENCE)).isEqualTo("0");
        assertThat(header(record, EventHeaders.EVENT_ID)).isNotBlank();
        ComplaintEventEnvelope envelope = ContractJson.mapper().readValue(record.value(), ComplaintEventEnvelope.class);
        assertThat(envelope.eventId()).isEqualTo(header(record, EventHeaders.EVENT_ID));
        ComplaintReceivedEvent received = (ComplaintReceivedEvent) envelope.payload();
        assertThat(received.text()).contains("十天没有发货", "has not shipped");
        assertThat(received.complainant()).as("personal data travels only sealed").isNull();
        assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("1234 5678");
        assertThat(received.sealedComplainant().subjectId()).isNotBlank();
        assertThat(received.actor().id()).isEqualTo("http-api");
    }

    @Test
    void theCallersCorrelationIdAndTheCausingCommandAreCarriedIntoEveryEvent() {
        String id = client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .header("X-Correlation-Id", "corr-42").bodyValue(complaintJson("web-" + UUID.randomUUID()))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("complaintId").asText();
        client().post().uri("/api/v1/complaints/{id}/progress-notes", id).header("Idempotency-Key", "note-" + id)
                .header("X-Correlation-Id", "corr-43").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"u1\", \"note\": \"called\"}").exchange().expectStatus().isOk();
        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectBody()
                .jsonPath("$[0].correlationId").isEqualTo("corr-42")
                .jsonPath("$[0].causationId").isNotEmpty()
                .jsonPath("$[1].correlationId").isEqualTo("corr-43")
                .jsonPath("$[1].causationId").isEqualTo("note-" + id);
    }

    @Test
    void theSameChannelMessageAgainAnswersTheSameIdAndCreatesNothing() {
        String messageId = "web-" + UUID.randomUUID();
        String first = post(complaintJson(messageId), HttpStatus.CREATED);
        String second = post(complaintJson(messageId), HttpStatus.OK);

        assertThat(second).isEqualTo(first);
        client().get().uri("/api/v1/complaints/{id}/events", first).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void theCurrentStateMasksPersonalData() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);
        client().get().uri("/api/v1/complaints/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("RECEIVED")
                .jsonPath("$.channel").isEqualTo("web")
                .jsonPath("$.complainant.name").isEqualTo("李*")
                .jsonPath("$.complainant.phone").isEqualTo("861****5678")
                .jsonPath("$.complainant.email").isEqualTo("l***@example.com")
                .jsonPath("$.text").value(text -> assertThat((String) text).contains("Order A-100"));
    }

    @Test
    void departmentActionsBecomeEventsAndTheLifecycleRefusesWhatItDoesNotAllow() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);
        action(id, "acknowledgement", "{\"by\": \"zhang.wei\", \"department\": \"logistics\", \"message\": \"已收到\"}")
                .expectStatus().isOk().expectBody().jsonPath("$.complaint.status").isEqualTo("IN_PROGRESS");
        action(id, "progress-notes", "{\"by\": \"zhang.wei\", \"note\": \"contacted the carrier 已联系承运商\"}")
                .expectStatus().isOk();
        action(id, "extensions", "{\"by\": \"zhang.wei\", \"newEta\": \"" + Instant.now().plus(Duration.ofDays(3))
                + "\", \"reason\": \"warehouse stock-out 仓库缺货\"}")
                .expectStatus().isOk();
        action(id, "resolution", "{\"by\": \"zhang.wei\", \"solution\": \"shipped by express 已加急发货\"}")
                .expectStatus().isOk().expectBody().jsonPath("$.complaint.status").isEqualTo("RESOLVED");
        action(id, "resolution", "{\"by\": \"zhang.wei\", \"solution\": \"again\"}")
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("already resolved");

        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].type").isEqualTo(List.of("ComplaintReceived", "ComplaintAcknowledged", "ProgressNoted",
                        "ExtensionPromised", "ComplaintResolved", "CommandRejected"))
                .jsonPath("$[*].sequence").isEqualTo(List.of(0, 1, 2, 3, 4, 5))
                .jsonPath("$[1].payload.actor.id").isEqualTo("zhang.wei")
                .jsonPath("$[5].payload.reason").isEqualTo("already resolved");
    }

    @Test
    void aPersonCorrectsTheClassificationAndTheCorrectionIsOnTheStreamWithTheirName() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);

        action(id, "classification", """
                {"by": "supervisor-li", "infoType": "complaint", "category": "logistics/lost", "severity": "major",
                 "topics": ["快递", " lost parcel "], "reason": "包裹丢失，不是售后"}""")
                .expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("applied");
        action(id, "classification", """
                {"by": " ", "infoType": "praise", "category": "物流 丢件", "topics": [""]}""")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").isEqualTo(List.of("by", "infoType", "category", "severity",
                        "topics[0]"))
                .jsonPath("$.errors[1].reason").value(reason -> assertThat((String) reason)
                        .startsWith("'praise' is not one of inquiry, complaint, rescue_request"));

        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].type").isEqualTo(List.of("ComplaintReceived", "ComplaintClassified"))
                .jsonPath("$[1].payload.correction").isEqualTo(true)
                .jsonPath("$[1].payload.category").isEqualTo("logistics/lost")
                .jsonPath("$[1].payload.severity").isEqualTo("major")
                .jsonPath("$[1].payload.topics").isEqualTo(List.of("快递", "lost parcel"))
                .jsonPath("$[1].payload.classifiedBy").isEqualTo("person:supervisor-li (包裹丢失，不是售后)")
                .jsonPath("$[1].payload.actor.type").isEqualTo("USER")
                .jsonPath("$[1].payload.actor.id").isEqualTo("supervisor-li");
    }

    @Test
    void askingTheCustomerForInformationMakesTheComplaintWaitAndAQuestionWithoutTextIsA400NamingTheField() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);

        client().post().uri("/api/v1/complaints/{id}/information-requests", id)
                .header("Idempotency-Key", "ask-" + id).header("X-Correlation-Id", "corr-ask")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"zhang.wei\", \"question\": \"请提供购买发票的照片\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.outcome").isEqualTo("applied")
                .jsonPath("$.complaint.waitingForCustomer").isEqualTo(true);
        action(id, "information-requests", "{\"by\": \"zhang.wei\", \"question\": \"   \"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("question")
                .jsonPath("$.errors[0].reason").isEqualTo("is required and must not be blank");

        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].type").isEqualTo(List.of("ComplaintReceived", "CustomerInformationRequested"))
                .jsonPath("$[1].payload.question").isEqualTo("请提供购买发票的照片")
                .jsonPath("$[1].payload.requestedAt").isNotEmpty()
                .jsonPath("$[1].payload.actor.id").isEqualTo("zhang.wei")
                .jsonPath("$[1].causationId").isEqualTo("ask-" + id)
                .jsonPath("$[1].correlationId").isEqualTo("corr-ask");
    }

    @Test
    void theCustomersReplyEndsTheWaitOnlyWhenSomethingWasAskedAndAReplyWithoutTextIsA400NamingTheField() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);
        action(id, "customer-replies", "{\"by\": \"zhang.wei\", \"reply\": \"发票照片已上传\"}")
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("no information was requested from the customer");
        action(id, "information-requests", "{\"by\": \"zhang.wei\", \"question\": \"请提供购买发票的照片\"}")
                .expectStatus().isOk();

        action(id, "customer-replies", "{\"by\": \"zhang.wei\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("reply")
                .jsonPath("$.errors[0].reason").isEqualTo("is required and must not be blank");
        client().post().uri("/api/v1/complaints/{id}/customer-replies", id).header("Idempotency-Key", "reply-" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"zhang.wei\", \"reply\": \"发票照片已上传 / photo uploaded\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.outcome").isEqualTo("applied")
                .jsonPath("$.complaint.waitingForCustomer").isEqualTo(false);

        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].type").isEqualTo(List.of("ComplaintReceived", "CommandRejected",
                        "CustomerInformationRequested", "CustomerReplied"))
                .jsonPath("$[3].payload.reply").isEqualTo("发票照片已上传 / photo uploaded")
                .jsonPath("$[3].payload.repliedAt").isNotEmpty()
                .jsonPath("$[3].causationId").isEqualTo("reply-" + id);
    }

    @Test
    void aRetriedActionWithTheSameIdempotencyKeyIsAppliedOnce() {
        String id = post(complaintJson("web-" + UUID.randomUUID()), HttpStatus.CREATED);
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            client().post().uri("/api/v1/complaints/{id}/progress-notes", id).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"by\": \"u1\", \"note\": \"called back\"}")
                    .exchange().expectStatus().isOk();
        }
        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void anUnknownComplaintIsA404Problem() {
        client().get().uri("/api/v1/complaints/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        action(UUID.randomUUID().toString(), "resolution", "{\"by\": \"u\", \"solution\": \"x\"}")
                .expectStatus().isNotFound();
        client().get().uri("/api/v1/complaints/{id}", "not-an-id").exchange().expectStatus().isNotFound();
    }

    WebTestClient.ResponseSpec action(String id, String action, String json) {
        return client().post().uri("/api/v1/complaints/{id}/" + action, id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    static Stream<Arguments> badInputs() {
        String now = Instant.now().minusSeconds(60).toString();
        String valid = complaintJson("bad-" + UUID.randomUUID());
        return Stream.of(
                Arguments.of("malformed JSON", "{\"channel\": \"web\", ", 400, "$"),
                Arguments.of("missing text", valid.replaceAll("\"text\": \"[^\"]*\",", ""), 400, "text"),
                Arguments.of("blank text", valid.replaceAll("\"text\": \"[^\"]*\"", "\"text\": \"   \""), 400, "text"),
                Arguments.of("unknown channel", valid.replace("\"channel\": \"web\"", "\"channel\": \"fax\""), 400, "channel"),
                Arguments.of("invalid date", valid.replace("\"receivedAt\": \"", "\"receivedAt\": \"yesterday"), 400, "receivedAt"),
                Arguments.of("date in the future", valid.replaceAll("\"receivedAt\": \"[^\"]*\"",
                        "\"receivedAt\": \"2099-01-01T00:00:00Z\""), 400, "receivedAt"),
                Arguments.of("control characters", valid.replace("Order A-100", "Order \\u0007A-100"), 400, "text"),
                Arguments.of("text is a number", valid.replaceAll("\"text\": \"[^\"]*\"", "\"text\": 42"), 400, "text"),
                Arguments.of("no way to reach the customer", "{\"channel\": \"web\", \"receivedAt\": \"" + now
                        + "\", \"complainant\": {\"name\": \"x\"}, \"text\": \"hello\"}", 400, "complainant"),
                Arguments.of("invalid email", valid.replace("li.lei@example.com", "not-an-email"), 400, "complainant.email"),
                Arguments.of("latitude out of range", valid.replace("\"lat\": 31.23", "\"lat\": 131.23"), 400, "location.lat"),
                Arguments.of("attachment that is not a reference", valid.replace("s3://attachments/receipt.jpg",
                        "data:image/jpeg;base64,AAAA"), 400, "attachments[0].uri"),
                Arguments.of("JSON array instead of object", "[1, 2, 3]", 400, "$"),
                Arguments.of("empty body", "", 400, "$"),
                Arguments.of("a 5 MB body", "{\"channel\": \"web\", \"text\": \"" + "投".repeat(5 * 1024 * 1024 / 3) + "\"}",
                        413, "$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsAProblemNamingTheFieldAndTheReason(String name, String body, int status, String field) {
        client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].reason").isNotEmpty();
    }

    @Test
    void aBodyThatIsNotJsonGets415() {
        client().post().uri("/api/v1/complaints").contentType(MediaType.TEXT_PLAIN).bodyValue("I am unhappy")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        client().get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/complaints'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}'].get").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/events'].get").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/acknowledgement'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/progress-notes'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/extensions'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/resolution'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/information-requests'].post").exists()
                .jsonPath("$.paths['/api/v1/complaints/{id}/customer-replies'].post").exists();
    }

    /**
     * docs/openapi.json is the API as the running service describes it. Regenerate it after an API change with
     * {@code ./mvnw -pl intake-service verify -Dit.test=ComplaintApiIT -Dopenapi.update=true}.
     */
    @Test
    void theCommittedOpenApiDocumentMatchesTheRunningService() throws Exception {
        byte[] live = client().get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent();
        var document = (ObjectNode) ContractJson.mapper().readTree(live);
        document.remove("servers"); // the test's random port
        String current = ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        Path committed = Path.of("..", "docs", "openapi.json");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, current + "\n");
        }
        assertThat(committed).as("docs/openapi.json (regenerate with -Dopenapi.update=true)").exists();
        JSONAssert.assertEquals(Files.readString(committed), current,
                JSONCompareMode.NON_EXTENSIBLE);
    }

    @Test
    void everyProblemOfASubmissionIsReportedInOneAnswer() {
        client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"channel\": \"fax\", \"receivedAt\": \"yesterday\", \"text\": \"\","
                        + " \"complainant\": {\"email\": \"nope\"}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactlyInAnyOrder("channel", "receivedAt", "text", "complainant.email"));
    }

    @Test
    void healthIsUpAndPrometheusIsScraped() {
        client().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text).contains("closedloop_relay_events_total"));
    }
}
