package io.closedloop.intake.it;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.complaint.ComplaintIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Complaints and commands that arrive on Kafka rather than HTTP. */
class KafkaTopicsIT extends IntakeIntegrationTest {

    int eventCount(String complaintId) {
        byte[] body = client().get().uri("/api/v1/complaints/{id}/events", complaintId).exchange()
                .returnResult(byte[].class).getResponseBodyContent();
        try {
            var tree = ContractJson.mapper().readTree(body);
            return tree.isArray() ? tree.size() : 0;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aComplaintPublishedOnTheIntakeTopicBecomesOneComplaintEvenWhenDeliveredTwice() throws Exception {
        String messageId = "wechat-" + UUID.randomUUID();
        byte[] json = ComplaintApiIT.complaintJson(messageId).replace("\"web\"", "\"social\"")
                .getBytes(StandardCharsets.UTF_8);
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), "social:" + messageId, json);
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), "social:" + messageId, json);

        String id = ComplaintIds.forChannelMessage(Channel.SOCIAL, messageId);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventCount(id) == 1);
        String after = "after-" + UUID.randomUUID();
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), "social:" + after,
                ComplaintApiIT.complaintJson(after).replace("\"web\"", "\"social\"").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eventCount(ComplaintIds.forChannelMessage(Channel.SOCIAL, after)) == 1);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void anUnreadableOrInvalidIntakeRecordGoesToTheDeadLetterTopicWithItsReasonAndBlocksNothing() throws Exception {
        String garbageKey = "garbage-" + UUID.randomUUID();
        String invalidKey = "invalid-" + UUID.randomUUID();
        String misencodedKey = "gbk-" + UUID.randomUUID();
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), garbageKey, "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), invalidKey,
                ComplaintApiIT.complaintJson("x").replaceAll("\"text\": \"[^\"]*\",", "").getBytes(StandardCharsets.UTF_8));
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), misencodedKey,
                ComplaintApiIT.complaintJson("gbk").getBytes(java.nio.charset.Charset.forName("GBK")));
        String goodId = "good-" + UUID.randomUUID();
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), "web:" + goodId,
                ComplaintApiIT.complaintJson(goodId).getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topic.COMPLAINT_INTAKE_DLT.topicName(),
                rs -> keys(rs).containsAll(List.of(garbageKey, invalidKey, misencodedKey)), Duration.ofSeconds(60));
        assertThat(reason(dead, garbageKey)).containsIgnoringCase("Unexpected character");
        assertThat(reason(dead, invalidKey)).contains("text: is required");
        assertThat(reason(dead, misencodedKey)).containsIgnoringCase("malformed");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eventCount(ComplaintIds.forChannelMessage(Channel.WEB, goodId)) == 1);
    }

    /**
     * Found by HostileInputIT: a channel of 250,000 characters was quoted whole in the reason, the dead letter
     * (value, reason and stack trace) outgrew the producer's 1 MiB, its send failed every time, and the record was
     * delivered again for ever, stalling its partition.
     */
    @Test
    void anIntakeRecordWithAHugeUnreadableValueIsDeadLetteredWithAShortReasonAndTheRecordBehindItIsFiled()
            throws Exception {
        String hugeKey = "huge-" + UUID.randomUUID();
        var complaint = (com.fasterxml.jackson.databind.node.ObjectNode) ContractJson.mapper()
                .readTree(ComplaintApiIT.complaintJson("huge-" + UUID.randomUUID()));
        complaint.put("channel", "长".repeat(250_000));
        byte[] huge = ContractJson.mapper().writeValueAsBytes(complaint);
        assertThat(huge.length).isGreaterThan(700_000).isLessThan(900_000);
        String goodId = "behind-huge-" + UUID.randomUUID();
        // one key, so one partition: the good record waits behind the huge one
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), hugeKey, huge);
        kafka.send(Topic.COMPLAINT_INTAKE.topicName(), hugeKey,
                ComplaintApiIT.complaintJson(goodId).getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topic.COMPLAINT_INTAKE_DLT.topicName(),
                rs -> keys(rs).contains(hugeKey), Duration.ofSeconds(60));
        assertThat(reason(dead, hugeKey)).contains("channel").hasSizeLessThan(2_000);
        assertThat(dead.stream().filter(r -> hugeKey.equals(r.key())).findFirst().orElseThrow().value())
                .isEqualTo(huge);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eventCount(ComplaintIds.forChannelMessage(Channel.WEB, goodId)) == 1);
    }

    @Test
    void aCommandDeliveredTwiceChangesTheComplaintOnce() throws Exception {
        String complaintId = client().post().uri("/api/v1/complaints")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("cmd-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated()
                .returnResult(Map.class).getResponseBody().blockFirst().get("complaintId").toString();
        ComplaintCommand assign = new AssignDepartmentCommand(UUID.randomUUID().toString(), complaintId, "logistics",
                "high", "category logistics", "routing-rules@1", Actor.service("routing-service", "routing-rules@1"));
        byte[] json = ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(assign);
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), complaintId, json);
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), complaintId, json);
        // a later, different command proves both deliveries of the first were consumed
        ComplaintCommand note = new io.closedloop.contract.command.NoteProgressCommand(UUID.randomUUID().toString(),
                complaintId, "carrier contacted", Actor.user("u1"));
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), complaintId,
                ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(note));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventCount(complaintId) == 3);
        client().get().uri("/api/v1/complaints/{id}/events", complaintId).exchange()
                .expectBody().jsonPath("$[*].type")
                .isEqualTo(List.of("ComplaintReceived", "DepartmentAssigned", "ProgressNoted"));
    }

    @Test
    void aCommandForAComplaintThatDoesNotExistIsDeadLettered() throws Exception {
        String ghost = UUID.randomUUID().toString();
        ComplaintCommand note = new io.closedloop.contract.command.NoteProgressCommand(UUID.randomUUID().toString(),
                ghost, "hello", Actor.user("u1"));
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), ghost,
                ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(note));
        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topic.COMPLAINT_COMMANDS_DLT.topicName(),
                rs -> keys(rs).contains(ghost), Duration.ofSeconds(60));
        assertThat(reason(dead, ghost)).isNotBlank();
    }

    @Test
    void aCommandRecordHoldingJsonNullIsDeadLetteredInsteadOfStallingItsPartition() throws Exception {
        String key = UUID.randomUUID().toString();
        kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), key, "null".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topic.COMPLAINT_COMMANDS_DLT.topicName(),
                rs -> keys(rs).contains(key), Duration.ofSeconds(60));
        assertThat(reason(dead, key)).contains("JSON null");
    }

    static List<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }

    static String reason(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst()
                .map(r -> header(r, "kafka_dlt-exception-message")).orElse(null);
    }
}
