package io.closedloop.ops.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.Service;
import io.closedloop.ops.http.ServiceClient;
import io.closedloop.ops.kafka.KafkaClients;
import io.closedloop.ops.kafka.TopicReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "export", description = {"A complaint's whole stream, every event in order with its id, sequence, time, "
        + "correlation and causation ids, for an auditor.",
        "--from intake (default) reads intake's event store through its API: the stream as recorded, the "
                + "complainant's personal data masked.",
        "--from kafka reads complaint.events.v1 (the complaint's partition, from its start): the events as published, "
                + "unmasked, with their Kafka coordinates; repeats of the relay are dropped."})
public final class ExportCommand implements Callable<Integer> {

    public enum Source {
        INTAKE, KAFKA
    }

    public enum ExportFormat {
        JSONL, JSON
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMPLAINT_ID")
    String complaintId;

    @Option(names = "--format", paramLabel = "jsonl|json", defaultValue = "jsonl",
            description = "jsonl: one event per line (default); json: one document with the events and where they came from")
    ExportFormat format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Option(names = "--from", paramLabel = "intake|kafka", defaultValue = "intake",
            description = "intake (default) or kafka")
    Source from;

    @Option(names = "--all-partitions", description = "--from kafka: read every partition, not only the key's "
            + "(only needed if complaint.events.v1 was ever given more partitions)")
    boolean allPartitions;

    /** The events, and a line saying where they came from. */
    private record Export(List<JsonNode> events, String source, boolean personalDataMasked, int repeatsDropped) {
    }

    @Override
    public Integer call() throws Exception {
        ClosedLoopOps ops = ClosedLoopOps.of(spec);
        Export export = from == Source.INTAKE ? fromIntake(ops) : fromKafka(ops);
        List<String> gaps = gaps(export.events());
        PrintWriter err = spec.commandLine().getErr();
        if (!gaps.isEmpty()) {
            // the stream is gapless by construction; a gap here means the source is incomplete, which the auditor must know
            err.println("warning: the exported stream is not gapless: " + String.join(", ", gaps));
            err.flush();
        }
        String document = render(ops, export);
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(document);
            stdout.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                w.write(document);
            } catch (IOException e) {
                throw new OpsException("cannot write " + out + ": " + e.getMessage());
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("exported %d event(s) of complaint %s to %s (%s)%n", export.events().size(), complaintId, out,
                    export.source());
            stdout.flush();
        }
        return 0;
    }

    private Export fromIntake(ClosedLoopOps ops) {
        ServiceClient intake = ops.service(Service.INTAKE);
        String path = "/api/v1/complaints/" + ServiceClient.segment(complaintId) + "/events";
        JsonNode events;
        try {
            events = intake.get(path);
        } catch (ServiceClient.ProblemException e) {
            if (e.status() == 404) {
                throw new OpsException("intake-service has no complaint " + complaintId);
            }
            throw e;
        }
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return new Export(list, "intake-service " + ops.connection().url(Service.INTAKE) + path, true, 0);
    }

    private Export fromKafka(ClosedLoopOps ops) throws IOException {
        KafkaClients kafka = ops.kafka();
        String topic = Topic.COMPLAINT_EVENTS.topicName();
        byte[] key = complaintId.getBytes(StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] repeats = {0};
        List<TopicPartition> read;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            TopicReader reader = new TopicReader(consumer, kafka, ops.connection().timeout());
            List<TopicPartition> partitions = reader.partitions(topic);
            // the relay's producer partitions by key with Kafka's default partitioner: murmur2 of the key bytes
            read = allPartitions ? partitions
                    : List.of(partitions.get(Utils.toPositive(Utils.murmur2(key)) % partitions.size()));
            List<Exception> unreadable = new ArrayList<>();
            reader.readAll(read, r -> {
                if (r.key() == null || !Arrays.equals(r.key(), key)) {
                    return;
                }
                try {
                    ObjectNode envelope = (ObjectNode) ContractJson.mapper().readTree(r.value());
                    if (!seen.add(envelope.path("eventId").asText())) {
                        repeats[0]++; // the relay delivers at least once; the stream has each event once
                        return;
                    }
                    ObjectNode kafkaCoordinates = envelope.putObject("kafka");
                    kafkaCoordinates.put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset())
                            .put("timestamp", java.time.Instant.ofEpochMilli(r.timestamp()).toString());
                    events.add(envelope);
                } catch (IOException | ClassCastException e) {
                    unreadable.add(new IOException(r.topic() + "-" + r.partition() + "@" + r.offset()
                            + " is not a complaint event envelope: " + e.getMessage(), e));
                }
            });
            if (!unreadable.isEmpty()) {
                throw new OpsException(unreadable.get(0).getMessage() + (unreadable.size() > 1
                        ? " (and " + (unreadable.size() - 1) + " more)" : ""));
            }
        }
        if (events.isEmpty()) {
            throw new OpsException("no event of complaint " + complaintId + " on " + topic + " " + read);
        }
        events.sort(Comparator.comparingLong(e -> e.path("sequence").asLong()));
        return new Export(events, "kafka " + topic + " " + read, false, repeats[0]);
    }

    private String render(ClosedLoopOps ops, Export export) throws IOException {
        if (format == ExportFormat.JSONL) {
            StringBuilder s = new StringBuilder();
            for (JsonNode e : export.events()) {
                s.append(ContractJson.mapper().writeValueAsString(e)).append('\n');
            }
            return s.toString();
        }
        ObjectNode document = ops.json().createObjectNode();
        document.put("complaintId", complaintId);
        document.put("exportedAt", ops.clock().instant().toString());
        document.put("source", export.source());
        document.put("personalDataMasked", export.personalDataMasked());
        document.put("eventCount", export.events().size());
        if (export.repeatsDropped() > 0) {
            document.put("relayRepeatsDropped", export.repeatsDropped());
        }
        ArrayNode events = document.putArray("events");
        export.events().forEach(events::add);
        return ops.json().writeValueAsString(document) + "\n";
    }

    /** Sequences missing from 0..last: a stream is gapless, so any gap means the source did not have everything. */
    static List<String> gaps(List<JsonNode> events) {
        List<String> gaps = new ArrayList<>();
        long expected = 0;
        for (JsonNode e : events) {
            long sequence = e.path("sequence").asLong(-1);
            if (sequence > expected) {
                gaps.add(expected == sequence - 1 ? "sequence " + expected + " missing"
                        : "sequences " + expected + ".." + (sequence - 1) + " missing");
            }
            expected = Math.max(expected, sequence + 1);
        }
        return gaps;
    }
}
