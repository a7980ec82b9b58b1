package io.closedloop.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Exporting a complaint's stream from complaint.events.v1, where the relay may have published an event twice. */
class ExportCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportsTheComplaintsEventsFromItsPartitionInStreamOrderEachOnce(@TempDir Path dir) throws Exception {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        KafkaTestClient kafka = SharedTestInfrastructure.get().kafkaClient();
        kafka.createTopic("complaint.events.v1", 3);
        String complaint = "C-" + UUID.randomUUID();
        String other = "C-" + UUID.randomUUID();
        kafka.send("complaint.events.v1", complaint, envelope(complaint, "e0", 0, "ComplaintReceived"));
        kafka.send("complaint.events.v1", other, envelope(other, "x0", 0, "ComplaintReceived"));
        kafka.send("complaint.events.v1", complaint, envelope(complaint, "e1", 1, "ComplaintClassified"));
        // a batch the relay sent again (Kafka committed it, the token did not move)
        kafka.send("complaint.events.v1", complaint, envelope(complaint, "e1", 1, "ComplaintClassified"));
        kafka.send("complaint.events.v1", complaint, envelope(complaint, "e2", 2, "DepartmentAssigned"),
                Map.of("eventId", "e2"));
        Path file = dir.resolve("export.json");

        OpsCli.Run json = OpsCli.run(OpsCli.with(bootstrap, "export", complaint, "--from", "kafka", "--format", "json",
                "--out", file.toString()));
        OpsCli.Run jsonl = OpsCli.run(OpsCli.with(bootstrap, "export", complaint, "--from", "kafka"));

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("exported 3 event(s) of complaint " + complaint);
        JsonNode document = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(document.path("complaintId").asText()).isEqualTo(complaint);
        assertThat(document.path("exportedAt").asText()).isEqualTo(OpsCli.CLOCK.instant().toString());
        assertThat(document.path("personalDataMasked").asBoolean()).isFalse();
        assertThat(document.path("relayRepeatsDropped").asInt()).isEqualTo(1);
        assertThat(document.path("events")).extracting(e -> e.path("eventId").asText()).containsExactly("e0", "e1", "e2");
        assertThat(document.path("events").get(2).path("kafka").path("topic").asText()).isEqualTo("complaint.events.v1");
        assertThat(json.err()).doesNotContain("gapless");
        assertThat(jsonl.exitCode()).as(jsonl.toString()).isZero();
        assertThat(jsonl.out().lines().map(l -> readTree(l).path("sequence").asInt()).toList()).containsExactly(0, 1, 2);
    }

    @Test
    void saysSoWhenTheTopicHasNoEventOfTheComplaint() {
        String bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        SharedTestInfrastructure.get().kafkaClient().createTopic("complaint.events.v1", 3);

        OpsCli.Run run = OpsCli.run(OpsCli.with(bootstrap, "export", "C-none-" + UUID.randomUUID(), "--from", "kafka"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no event of complaint C-none-");
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static byte[] envelope(String complaint, String eventId, int sequence, String type) {
        return ("{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"complaintId\":\"" + complaint
                + "\",\"sequence\":" + sequence + ",\"occurredAt\":\"2026-10-08T08:00:0" + sequence
                + "Z\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8);
    }
}
