package io.closedloop.intake.it;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.complaint.ComplaintIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static io.closedloop.deploy.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command topic is consumed a poll at a time in one transaction, a savepoint per command (issue 9). A command
 * that can never be applied must still cost only itself: the commands before and after it in the same batch are
 * applied once, a command sees the events of the ones before it on the same complaint, a repeat in the batch
 * changes nothing, and the bad one goes to the dead-letter topic with its reason, as when every command had a
 * transaction of its own.
 */
class CommandBatchIT extends IntakeIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** as many as intake creates complaint.commands.v1 with (closedloop.intake.topics.partitions) */
    private static final int PARTITIONS = 6;
    private static final Actor ROUTING = Actor.service("routing-service", "routing-rules@1");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aCommandForNoComplaintInTheMiddleOfABatchIsDeadLetteredAndTheOthersAreAppliedOnce() throws Exception {
        // three complaint ids on one partition, so that all the commands are in one poll, in this order
        String first = fileOnPartition(-1);
        int partition = partitionOf(first);
        String second = fileOnPartition(partition);
        String ghost = idOnPartition(partition);

        AssignDepartmentCommand assignFirst = assign(first);
        // accepted only if it sees the assignment just before it, in the same batch, not yet committed
        TransferComplaintCommand transferFirst = new TransferComplaintCommand(UUID.randomUUID().toString(), first,
                "quality", "a defect, not a delivery problem", Actor.user("agent-7"));
        AssignDepartmentCommand toNobody = assign(ghost);
        AssignDepartmentCommand assignSecond = assign(second);
        NoteProgressCommand noteSecond = new NoteProgressCommand(UUID.randomUUID().toString(), second,
                "carrier contacted / 已联系承运商", Actor.user("agent-7"));

        MessageListenerContainer container = Objects.requireNonNull(listeners.getListenerContainer("command-topic"));
        container.pause();
        List<RecordMetadata> sent = new ArrayList<>();
        try {
            await().atMost(PATIENCE).until(container::isContainerPaused);
            sent.add(send(assignFirst));
            sent.add(send(transferFirst));
            sent.add(send(toNobody));
            sent.add(send(assignSecond));
            sent.add(send(assignFirst)); // delivered twice within the batch
            sent.add(send(noteSecond));
        } finally {
            container.resume();
        }
        assertThat(sent).as("all on one partition, so in one poll").extracting(RecordMetadata::partition)
                .containsOnly(partition);

        // the one for no complaint goes to the dead-letter topic naming its own failure, not the batch's
        ConsumerRecord<String, byte[]> dead = kafka.readFirstWithKey(Topic.COMPLAINT_COMMANDS_DLT.topicName(), ghost,
                PATIENCE);
        assertThat(dead.value()).isEqualTo(json(toNobody));
        assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank().doesNotContain("could not apply");
        assertThat(header(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(AggregateNotFoundException.class.getName());

        // the others, before and after it, are applied once each, in order (the events' sequence shows it)
        await().atMost(PATIENCE).until(() -> outcomes(second).size() == 2);
        assertThat(outcomes(first)).containsExactlyInAnyOrder(
                assignFirst.commandId() + " accepted", transferFirst.commandId() + " accepted");
        assertThat(outcomes(second)).containsExactlyInAnyOrder(
                assignSecond.commandId() + " accepted", noteSecond.commandId() + " accepted");
        assertThat(outcomes(ghost)).isEmpty();
        assertThat(eventTypes(first)).containsExactly("ComplaintReceived", "DepartmentAssigned",
                "ComplaintTransferred");
        assertThat(eventTypes(second)).containsExactly("ComplaintReceived", "DepartmentAssigned", "ProgressNoted");
    }

    private RecordMetadata send(ComplaintCommand command) {
        return kafka.send(Topic.COMPLAINT_COMMANDS.topicName(), command.complaintId(), json(command));
    }

    /** A command as its senders put it on {@code complaint.commands.v1}. */
    static byte[] json(ComplaintCommand command) {
        try {
            return ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AssignDepartmentCommand assign(String complaintId) {
        return new AssignDepartmentCommand(UUID.randomUUID().toString(), complaintId, "logistics", "high",
                "category logistics", "routing-rules@1", ROUTING);
    }

    /** Each command's id and whether the complaint took it (one transaction: no order among them). */
    private List<String> outcomes(String complaintId) {
        return jdbc.sql("""
                        SELECT command_id, accepted, reason FROM processed_command WHERE complaint_id = :id""")
                .param("id", complaintId)
                .query((rs, n) -> rs.getString("command_id") + (rs.getBoolean("accepted") ? " accepted"
                        : " rejected: " + rs.getString("reason")))
                .list();
    }

    private List<String> eventTypes(String complaintId) {
        return jdbc.sql("""
                        SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = :id
                        ORDER BY sequencenumber""")
                .param("id", complaintId)
                .query((rs, n) -> {
                    String type = rs.getString("payloadtype");
                    String simple = type.substring(type.lastIndexOf('.') + 1);
                    return simple.endsWith("Event") ? simple.substring(0, simple.length() - "Event".length())
                            : simple;
                })
                .list();
    }

    /** Files a complaint (any partition if {@code partition} is negative) and returns its id. */
    private String fileOnPartition(int partition) {
        while (true) {
            String messageId = "batch-" + UUID.randomUUID();
            String id = ComplaintIds.forChannelMessage(Channel.WEB, messageId);
            if (partition < 0 || partitionOf(id) == partition) {
                client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ComplaintApiIT.complaintJson(messageId)).exchange().expectStatus().isCreated();
                return id;
            }
        }
    }

    private static String idOnPartition(int partition) {
        while (true) {
            String id = UUID.randomUUID().toString();
            if (partitionOf(id) == partition) {
                return id;
            }
        }
    }

    /** The producer's default partitioner for a keyed record. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
