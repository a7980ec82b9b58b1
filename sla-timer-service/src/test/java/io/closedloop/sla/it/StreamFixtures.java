package io.closedloop.sla.it;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Complaint events in, complaint commands out: what the service sees and says, on the real topics. */
final class StreamFixtures {

    private StreamFixtures() {
    }

    static ComplaintEventEnvelope received(String complaintId, InfoType infoType, Instant receivedAt) {
        var event = new ComplaintReceivedEvent(complaintId, Channel.PHONE, "call-" + UUID.randomUUID(), receivedAt,
                new Complainant("王芳", "13800000000", null, null), "空调不制冷", "新买的空调不制冷，已经三天了。",
                infoType, "air-conditioner", null, null, List.of(), null, null, null, Actor.customer(Channel.PHONE, "call-centre"));
        return envelope(event, 0, receivedAt);
    }

    static ComplaintEventEnvelope envelope(ComplaintEvent payload, long sequence, Instant occurredAt) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", payload.complaintId(), sequence, occurredAt, "corr-" + payload.complaintId(),
                UUID.randomUUID().toString(), payload);
    }

    static void publish(ComplaintEventEnvelope event) {
        SharedTestInfrastructure.get().kafkaClient().send(Topic.COMPLAINT_EVENTS.topicName(), event.complaintId(),
                ComplaintEventFixtures.json(event), ComplaintEventFixtures.headers(event));
    }

    /** A command as the service sent it, with the time the broker stamped on its record. */
    record SentCommand(ComplaintCommand command, Instant sentAt) {
    }

    /** This complaint's commands, read from the start of the topic until {@code enough} holds for them. */
    static List<SentCommand> commandsUntil(String complaintId, Predicate<List<SentCommand>> enough, Duration timeout) {
        return ofComplaint(complaintId, SharedTestInfrastructure.get().kafkaClient().readUntil(
                Topic.COMPLAINT_COMMANDS.topicName(), records -> enough.test(ofComplaint(complaintId, records)),
                timeout));
    }

    /** This complaint's commands after waiting {@code period}: for checking that something did NOT happen. */
    static List<SentCommand> commandsAfter(String complaintId, Duration period) {
        return allCommandsAfter(List.of(complaintId), period).getOrDefault(complaintId, List.of());
    }

    /** These complaints' commands after waiting {@code period}, by complaint id. */
    static Map<String, List<SentCommand>> allCommandsAfter(List<String> complaintIds, Duration period) {
        // what must NOT happen can only be watched for a while: let the period pass, then read everything
        Instant until = Instant.now().plus(period.isNegative() ? Duration.ZERO : period);
        await().pollInterval(Duration.ofMillis(100)).atMost(period.abs().plusSeconds(5))
                .until(() -> !Instant.now().isBefore(until));
        // A marker on each complaint's key lands in the partition of its commands, after them: once every marker
        // is read, so is everything the service sent for those complaints before it.
        byte[] marker = ("marker-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var client = SharedTestInfrastructure.get().kafkaClient();
        complaintIds.forEach(id -> client.send(Topic.COMPLAINT_COMMANDS.topicName(), id, marker));
        Predicate<ConsumerRecord<String, byte[]>> isThisMarker = r -> Arrays.equals(marker, r.value());
        return client.readUntil(Topic.COMPLAINT_COMMANDS.topicName(),
                        records -> records.stream().filter(isThisMarker).count() == complaintIds.size(),
                        Duration.ofSeconds(30)).stream()
                .filter(r -> complaintIds.contains(r.key()) && !isMarker(r))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                        r -> new SentCommand(read(r.value()), Instant.ofEpochMilli(r.timestamp())),
                        Collectors.toList())));
    }

    static <T extends ComplaintCommand> List<T> ofType(List<SentCommand> commands, Class<T> type) {
        return commands.stream().map(SentCommand::command).filter(type::isInstance).map(type::cast).toList();
    }

    private static List<SentCommand> ofComplaint(String complaintId, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> complaintId.equals(r.key()) && !isMarker(r))
                .map(r -> new SentCommand(read(r.value()), Instant.ofEpochMilli(r.timestamp())))
                .toList();
    }

    /** The markers {@link #allCommandsAfter} leaves on the topic are not commands. */
    private static boolean isMarker(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8).startsWith("marker-");
    }

    private static ComplaintCommand read(byte[] json) {
        try {
            return ContractJson.mapper().readValue(json, ComplaintCommand.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fastPolicy() {
        try (InputStream in = StreamFixtures.class.getResourceAsStream("/it-fast-clocks.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newComplaintId() {
        return ComplaintEventFixtures.newComplaintId();
    }

}
