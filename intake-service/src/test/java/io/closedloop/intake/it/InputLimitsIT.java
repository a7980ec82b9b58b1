package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Limits that keep one client's mistake from swallowing, stalling or merging other people's complaints. */
class InputLimitsIT extends IntakeIntegrationTest {

    @LocalServerPort
    int port;

    String file(String messageId) {
        return client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson(messageId)).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("complaintId").asText();
    }

    @Test
    void aBlankChannelMessageIdIsRefusedRatherThanMergingComplaints() {
        client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("  ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("channelMessageId");
    }

    @Test
    void aBlankAdapterHeaderIsTreatedAsAbsent() {
        client().post().uri("/api/v1/complaints").header("X-Channel-Adapter", "").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("adapter-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated();
    }

    @Test
    void anIdempotencyKeyIsScopedToItsComplaintAndToOneKindOfAction() {
        String first = file("key-a-" + UUID.randomUUID());
        String second = file("key-b-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        for (String id : new String[]{first, second}) {
            client().post().uri("/api/v1/complaints/{id}/progress-notes", id).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"by\": \"u1\", \"note\": \"called\"}")
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.outcome").isEqualTo("applied");
        }
        client().post().uri("/api/v1/complaints/{id}/resolution", first).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"by\": \"u1\", \"solution\": \"refunded\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("commandId");
    }

    @Test
    void actionsAcceptTheComplaintIdInAnyCase() {
        String id = file("case-" + UUID.randomUUID());
        client().post().uri("/api/v1/complaints/{id}/progress-notes", id.toUpperCase())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"by\": \"u1\", \"note\": \"upper case id\"}")
                .exchange().expectStatus().isOk();
    }

    @Test
    void anOversizedNoteIsRefusedOverHttpAndDeadLetteredOnKafkaInsteadOfStallingTheStream() {
        String id = file("big-" + UUID.randomUUID());
        String huge = "长".repeat(20_001);
        client().post().uri("/api/v1/complaints/{id}/progress-notes", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"u1\", \"note\": \"" + huge + "\"}").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("note");

        ComplaintCommand command = new NoteProgressCommand(UUID.randomUUID().toString(), id, huge, Actor.user("u1"));
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), id, json(command));
        var dead = kafka.readFirstWithKey(Topic.COMPLAINT_COMMANDS_DLT.topicName(), id, Duration.ofSeconds(60));
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("note: is longer than 20000 characters");
    }

    @Test
    void anIntakeRecordWithoutAChannelMessageIdIsDeadLetteredSinceARedeliveryCouldNotBeRecognised() {
        String key = "no-id-" + UUID.randomUUID();
        String body = ComplaintApiIT.complaintJson("x").replaceAll("\"channelMessageId\": \"x\",", "");
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), key, body.getBytes(StandardCharsets.UTF_8));
        var dead = kafka.readFirstWithKey(Topic.COMPLAINT_INTAKE_DLT.topicName(), key, Duration.ofSeconds(60));
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("channelMessageId: is required");
    }

    @Test
    void aHugeAnnouncedBodyIsAnsweredAtOnceWithoutReadingIt() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/complaints HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"text\": \"")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413 ");
        }
    }

    static byte[] json(ComplaintCommand command) {
        try {
            return ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
