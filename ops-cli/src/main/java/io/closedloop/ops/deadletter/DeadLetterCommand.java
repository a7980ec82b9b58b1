package io.closedloop.ops.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.Format;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.kafka.KafkaClients;
import io.closedloop.ops.kafka.TopicReader;
import io.closedloop.ops.parked.ParkedComplaints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "dlt", description = "Dead-lettered records: list them, show one, re-drive them.",
        subcommands = {DeadLetterCommand.ListDeadLetters.class, DeadLetterCommand.Show.class,
                DeadLetterCommand.Redrive.class})
public final class DeadLetterCommand {

    /** A dead letter as printed: where it is, where it came from, why it failed, what it holds. */
    record View(String deadLetter, Instant timestamp, String key, String originalTopic, Integer originalPartition,
            Long originalOffset, Instant originalTimestamp, String consumerGroup, String exceptionClass,
            String exceptionMessage, String reason, Map<String, String> headers, String payload, String payloadBase64,
            String redrivenFrom, RedriveLog.Redrive redriven, String stackTrace) {

        static View of(DeadLetter d, RedriveLog.Redrive redriven, boolean withStackTrace) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : d.originalHeaders()) {
                headers.put(h.key(), h.value() == null ? null : DeadLetter.Payloads.text(h.value())
                        .orElseGet(() -> "base64:" + Base64.getEncoder().encodeToString(h.value())));
            }
            Optional<String> text = d.value() == null ? Optional.empty() : DeadLetter.Payloads.text(d.value());
            return new View(d.coordinates(), d.timestamp(), d.keyText(), d.originalTopic(),
                    d.originalPartition().orElse(null), d.originalOffset().orElse(null),
                    d.originalTimestamp().orElse(null), d.consumerGroup().orElse(null),
                    d.exceptionClass().orElse(null), d.exceptionMessage().orElse(null), d.reason().orElse(null), headers,
                    text.orElse(null),
                    d.value() != null && text.isEmpty() ? Base64.getEncoder().encodeToString(d.value()) : null,
                    headers.get(IntakeRedrive.REDRIVEN_FROM_HEADER), redriven,
                    withStackTrace ? d.stackTrace().orElse(null) : null);
        }
    }

    @Command(name = "list", description = "Every dead letter of every *.dlt topic (or of the given ones), with its "
            + "reason and whether it was re-driven.")
    static final class ListDeadLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "A dead-letter topic; repeatable "
                + "(default: every topic whose name ends in .dlt)")
        List<String> topics;

        @Option(names = "--format", paramLabel = "table|json", defaultValue = "table")
        Format format;

        @Override
        public Integer call() throws Exception {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            KafkaClients kafka = ops.kafka();
            PrintWriter out = spec.commandLine().getOut();
            List<View> views = new ArrayList<>();
            try (Admin admin = kafka.admin(); KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                TopicReader reader = new TopicReader(consumer, kafka, ops.connection().timeout());
                List<String> wanted = topics != null && !topics.isEmpty() ? topics
                        : kafka.await(admin.listTopics().names()).stream().filter(t -> t.endsWith(".dlt")).sorted().toList();
                RedriveLog log = new RedriveLog(kafka, ContractJson.mapper());
                Map<String, RedriveLog.Redrive> redrives = log.exists(admin) ? log.read(reader) : Map.of();
                for (String topic : wanted) {
                    List<View> ofTopic = new ArrayList<>();
                    reader.readAll(reader.partitions(topic), r -> {
                        DeadLetter d = DeadLetter.of(r);
                        ofTopic.add(View.of(d, redrives.get(d.coordinates()), false));
                    });
                    views.addAll(ofTopic);
                    if (format == Format.TABLE) {
                        printTopic(out, topic, ofTopic);
                    }
                }
            }
            if (format == Format.JSON) {
                out.println(ops.json().writeValueAsString(views));
            }
            out.flush();
            return 0;
        }

        private static void printTopic(PrintWriter out, String topic, List<View> views) {
            DeadLetterTopics owner = DeadLetterTopics.of(topic);
            out.printf("%s: %d dead letter(s)%s%n", topic, views.size(), switch (owner.kind()) {
                case INTAKE -> "; re-drive: back to " + topic.substring(0, topic.length() - 4);
                case PARKED -> "; re-drive: release the parked complaint in " + owner.service().orElseThrow().applicationName();
                case NOT_REDRIVABLE -> "; not re-drivable (see docs/operations.md)";
                case UNKNOWN -> "";
            });
            for (View v : views) {
                out.printf("  %s  %s  key=%s  from %s-%s@%s%n    %s: %s%n", v.deadLetter(), v.timestamp(), v.key(),
                        v.originalTopic(), v.originalPartition(), v.originalOffset(), shortClass(v.exceptionClass()),
                        shorten(v.reason(), 240));
                if (v.redrivenFrom() != null) {
                    out.printf("    (itself a re-drive of %s)%n", v.redrivenFrom());
                }
                if (v.redriven() != null) {
                    out.printf("    re-driven %s to %s by %s%n", v.redriven().redrivenAt(), v.redriven().redrivenTo(),
                            v.redriven().by());
                }
            }
        }
    }

    @Command(name = "show", description = "One dead letter in full: headers, reason with stack trace, payload (text, "
            + "or base64 if it is not UTF-8).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TOPIC")
        String topic;

        @Parameters(index = "1", paramLabel = "PARTITION")
        int partition;

        @Parameters(index = "2", paramLabel = "OFFSET")
        long offset;

        @Option(names = "--format", paramLabel = "table|json", defaultValue = "table")
        Format format;

        @Override
        public Integer call() throws Exception {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            KafkaClients kafka = ops.kafka();
            View view;
            try (Admin admin = kafka.admin(); KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                TopicReader reader = new TopicReader(consumer, kafka, ops.connection().timeout());
                DeadLetter d = read(reader, topic, partition, offset);
                RedriveLog log = new RedriveLog(kafka, ContractJson.mapper());
                RedriveLog.Redrive redriven = log.exists(admin) ? log.read(reader).get(d.coordinates()) : null;
                view = View.of(d, redriven, true);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                out.println(ops.json().writeValueAsString(view));
            } else {
                out.printf("dead letter      %s (written %s)%n", view.deadLetter(), view.timestamp());
                out.printf("key              %s%n", view.key());
                out.printf("original record  %s-%s@%s (written %s), consumer group %s%n", view.originalTopic(),
                        view.originalPartition(), view.originalOffset(), view.originalTimestamp(), view.consumerGroup());
                out.printf("exception        %s%n", view.exceptionClass());
                out.printf("reason           %s%n", view.reason());
                out.printf("message          %s%n", view.exceptionMessage());
                out.printf("re-driven        %s%n", view.redriven() == null ? "no"
                        : view.redriven().redrivenAt() + " to " + view.redriven().redrivenTo() + " by " + view.redriven().by());
                out.println("headers");
                view.headers().forEach((k, v) -> out.printf("  %s: %s%n", k, v));
                out.println(view.payload() != null ? "payload (UTF-8)" : "payload (not UTF-8, base64)");
                out.println(view.payload() != null ? view.payload() : view.payloadBase64());
                if (view.stackTrace() != null) {
                    out.println("stack trace");
                    out.println(view.stackTrace());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "redrive", description = {
            "Re-drive dead letters once their cause is fixed.",
            "intake's (complaint.intake.v1.dlt, complaint.commands.v1.dlt): the original record goes back to its "
                    + "topic, same key and headers, once (recorded in " + RedriveLog.TOPIC + ").",
            "routing's, sla-timer's and feedback's: the complaint was parked; its release (the failed event again, then "
                    + "the ones that waited, in order) is the re-drive, through the service's API.",
            "analytics': refused, there is nothing to re-drive into; rebuild its projections (see docs/operations.md)."})
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TOPIC", description = "the dead-letter topic")
        String topic;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PARTITION")
        Integer partition;

        @Parameters(index = "2", arity = "0..1", paramLabel = "OFFSET")
        Long offset;

        @Option(names = "--all", description = "every dead letter of the topic not re-driven yet")
        boolean all;

        @Option(names = "--failed-event", paramLabel = "retry|skip", defaultValue = "retry",
                description = "routing/sla-timer/feedback only: retry handles the failed event again (default), skip leaves it "
                        + "out")
        ParkedComplaints.FailedEvent failedEvent;

        @Option(names = "--dry-run", description = "say what would be re-driven, change nothing")
        boolean dryRun;

        @Option(names = "--transactional-id", paramLabel = "ID", defaultValue = IntakeRedrive.DEFAULT_TRANSACTIONAL_ID,
                description = "intake's dead letters: the Kafka transactional id of re-drives (default: ${DEFAULT-VALUE}); "
                        + "every operator must use the same one, so that two re-drives at once fence each other")
        String transactionalId;

        @Override
        public Integer call() {
            if (all == (partition != null || offset != null) || (!all && (partition == null || offset == null))) {
                throw new ParameterException(spec.commandLine(), "give PARTITION and OFFSET of one dead letter, or --all");
            }
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            DeadLetterTopics owner = DeadLetterTopics.of(topic);
            if (owner.kind() == DeadLetterTopics.Kind.UNKNOWN) {
                throw new OpsException(topic + " is not a dead-letter topic of Closed Loop; re-drive knows "
                        + "complaint.intake.v1.dlt, complaint.commands.v1.dlt and complaint.events.v1.<service>.dlt");
            }
            if (owner.kind() == DeadLetterTopics.Kind.NOT_REDRIVABLE) {
                throw new OpsException(owner.service().orElseThrow().applicationName() + " parks nothing and has "
                        + "nothing to re-drive its dead letters into: complaint.events.v1 has one writer (intake's "
                        + "relay), and a copy there would reach every service. Look at them with `dlt show`; once the "
                        + "cause is fixed, rebuild its projections (docs/operations.md, \"A poison event\").");
            }
            KafkaClients kafka = ops.kafka();
            PrintWriter out = spec.commandLine().getOut();
            int refused = 0;
            try (Admin admin = kafka.admin(); KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                TopicReader reader = new TopicReader(consumer, kafka, ops.connection().timeout());
                List<DeadLetter> deadLetters = new ArrayList<>();
                if (all) {
                    reader.readAll(reader.partitions(topic), r -> deadLetters.add(DeadLetter.of(r)));
                } else {
                    deadLetters.add(read(reader, topic, partition, offset));
                }
                if (owner.kind() == DeadLetterTopics.Kind.INTAKE) {
                    refused = redriveToTopic(ops, kafka, admin, reader, deadLetters, out);
                } else {
                    refused = releaseParked(ops, owner, deadLetters, out);
                }
            }
            out.flush();
            if (!all && refused > 0) {
                return OpsException.FAILED;
            }
            return 0;
        }

        private int redriveToTopic(ClosedLoopOps ops, KafkaClients kafka, Admin admin, TopicReader reader,
                List<DeadLetter> deadLetters, PrintWriter out) {
            RedriveLog log = new RedriveLog(kafka, ContractJson.mapper());
            if (dryRun) {
                Map<String, RedriveLog.Redrive> done = log.exists(admin) ? log.read(reader) : Map.of();
                int refused = 0;
                for (DeadLetter d : deadLetters) {
                    RedriveLog.Redrive earlier = done.get(d.coordinates());
                    if (earlier != null) {
                        refused++;
                        out.printf("%s: re-driven already (%s to %s); would not again%n", d.coordinates(),
                                earlier.redrivenAt(), earlier.redrivenTo());
                    } else {
                        out.printf("%s: would go back to %s, key %s (dry run)%n", d.coordinates(), d.originalTopic(),
                                d.keyText());
                    }
                }
                return refused;
            }
            int[] refused = {0};
            int[] redriven = {0};
            new IntakeRedrive(kafka, log, ops.clock(), transactionalId, operator()).redrive(admin, reader, deadLetters,
                    outcome -> {
                        DeadLetter d = outcome.deadLetter();
                        if (outcome.redriven()) {
                            redriven[0]++;
                            out.printf("%s: re-driven to %s (key %s)%n", d.coordinates(), outcome.redrivenTo(), d.keyText());
                        } else {
                            refused[0]++;
                            out.printf("%s: re-driven already (%s to %s by %s); not again%n", d.coordinates(),
                                    outcome.earlier().redrivenAt(), outcome.earlier().redrivenTo(), outcome.earlier().by());
                        }
                        out.flush();
                    });
            out.printf("%d re-driven, %d re-driven before%n", redriven[0], refused[0]);
            return refused[0];
        }

        private int releaseParked(ClosedLoopOps ops, DeadLetterTopics owner, List<DeadLetter> deadLetters,
                PrintWriter out) {
            String service = owner.service().orElseThrow().applicationName();
            ParkedComplaints parked = new ParkedComplaints(ops.service(owner.service().orElseThrow()));
            out.printf("%s parks the complaint of a dead-lettered event; re-driving it means releasing the complaint "
                    + "through %s's API (failed event: %s)%n", topic, service, failedEvent.name().toLowerCase(java.util.Locale.ROOT));
            int refused = 0;
            for (DeadLetter d : deadLetters) {
                String complaintId = d.keyText();
                if (complaintId == null || complaintId.isBlank()) {
                    refused++;
                    out.printf("%s: has no key, so belongs to no complaint; nothing was parked for it%n", d.coordinates());
                    continue;
                }
                Optional<JsonNode> parking = parked.find(complaintId);
                if (parking.isEmpty()) {
                    refused++;
                    out.printf("%s: complaint %s is not parked in %s (released already?); nothing to do%n",
                            d.coordinates(), complaintId, service);
                    continue;
                }
                String failedRecord = parking.get().path("failedRecord").asText();
                if (!failedRecord.equals(d.originalCoordinates())) {
                    refused++;
                    out.printf("%s: complaint %s is parked for another record (%s, this one is %s); release it with "
                            + "`parked release` after looking at that one%n", d.coordinates(), complaintId, failedRecord,
                            d.originalCoordinates());
                    continue;
                }
                if (dryRun) {
                    out.printf("%s: would release complaint %s in %s, %d event(s) waiting (dry run)%n", d.coordinates(),
                            complaintId, service, parking.get().path("waitingEvents").asLong());
                    continue;
                }
                JsonNode released;
                try {
                    released = parked.release(complaintId, failedEvent);
                } catch (io.closedloop.ops.http.ServiceClient.ProblemException e) {
                    if (!all) {
                        throw e;
                    }
                    // with --all, one complaint that stays parked must not keep the others parked
                    refused++;
                    out.printf("%s: %s%n", d.coordinates(), e.getMessage());
                    continue;
                }
                out.printf("%s: released complaint %s in %s, %d event(s) handled%n", d.coordinates(), complaintId,
                        service, released.path("eventsHandled").asInt());
                out.flush();
            }
            return refused;
        }

        private static String operator() {
            String user = System.getProperty("user.name", "unknown");
            try {
                return user + "@" + InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                // the host name only helps to tell operators apart; the user name alone will do
                return user;
            }
        }
    }

    static DeadLetter read(TopicReader reader, String topic, int partition, long offset) {
        TopicPartition tp = reader.partition(topic, partition);
        return reader.readOne(tp, offset).map(DeadLetter::of).orElseThrow(() -> new OpsException(
                "there is no record at " + topic + "-" + partition + "@" + offset + " (offsets now run from "
                        + reader.startOffsets(List.of(tp)).get(tp) + " to " + (reader.endOffsets(List.of(tp)).get(tp) - 1)
                        + "; `dlt list --topic " + topic + "` shows them)"));
    }

    private static String shortClass(String fqcn) {
        return fqcn == null ? "?" : fqcn.substring(fqcn.lastIndexOf('.') + 1);
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
