package io.closedloop.ops.offsets;

import io.closedloop.contract.topic.Topic;
import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Moves a stopped service's consumer group back, so that it reads part of the stream again: after a database
 * failover lost its last transactions, or once a version that can read a dead-lettered event is deployed. Every
 * service de-duplicates by event id (its inbox), so what it has handled already is turned away and only what it
 * missed is handled. Like Kafka's own {@code kafka-consumer-groups --reset-offsets}, it only shows the plan unless
 * told to {@code --execute}, and it refuses while the group has members.
 */
@Command(name = "offsets", description = "Consumer group offsets.", subcommands = OffsetsCommand.Reset.class)
public final class OffsetsCommand {

    @Command(name = "reset", description = {"Move a consumer group's offsets on a topic back to a time or to the start, "
            + "so that the service reads those records again (its inbox turns away what it has handled already).",
            "Stop every instance of the service first. Shows the plan; --execute applies it."})
    static final class Reset implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP", description = "e.g. analytics-service")
        String group;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "default: complaint.events.v1")
        String topic = Topic.COMPLAINT_EVENTS.topicName();

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--to-datetime", paramLabel = "INSTANT", required = true,
                    description = "the first record written at or after this time, e.g. 2026-10-08T08:55:00Z")
            String datetime;

            @Option(names = "--to-earliest", required = true, description = "the start of each partition")
            boolean earliest;
        }

        @Option(names = "--execute", description = "apply the plan (without it, only show it)")
        boolean execute;

        @Override
        public Integer call() {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            KafkaClients kafka = ops.kafka();
            OffsetSpec to = offsetSpec();
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = kafka.admin()) {
                ConsumerGroupDescription description = kafka.await(admin.describeConsumerGroups(List.of(group)).all())
                        .get(group);
                if (description != null && !description.members().isEmpty()) {
                    throw new OpsException(group + " has " + description.members().size() + " member(s): stop every "
                            + "instance of it first (its offsets can only be moved while nobody consumes)");
                }
                TopicDescription topicDescription = kafka.await(admin.describeTopics(List.of(topic)).allTopicNames())
                        .get(topic);
                List<TopicPartition> partitions = topicDescription.partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
                Map<TopicPartition, Long> targets = offsets(kafka, admin, partitions, to);
                Map<TopicPartition, Long> ends = offsets(kafka, admin, partitions, OffsetSpec.latest());
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.await(
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
                Map<TopicPartition, OffsetAndMetadata> plan = new LinkedHashMap<>();
                out.printf("%-28s %9s %12s %12s%n", "TOPIC", "PARTITION", "COMMITTED", "NEW OFFSET");
                for (TopicPartition tp : partitions) {
                    // no record at or after the time: the partition's end, i.e. nothing is read again there
                    long target = targets.get(tp) < 0 ? ends.get(tp) : targets.get(tp);
                    OffsetAndMetadata now = committed.get(tp);
                    plan.put(tp, new OffsetAndMetadata(target));
                    out.printf("%-28s %9d %12s %12d%n", topic, tp.partition(), now == null ? "-" : now.offset(), target);
                }
                if (!execute) {
                    out.println("(plan only: add --execute to apply it)");
                } else {
                    try {
                        kafka.await(admin.alterConsumerGroupOffsets(group, plan).all());
                    } catch (OpsException e) {
                        // Kafka's message names the partitions only; moving offsets needs Read on the group too
                        throw new OpsException("group " + group + ": " + e.getMessage(), e.exitCode());
                    }
                    out.printf("%s: offsets on %s moved; start the service and it reads from there%n", group, topic);
                }
            }
            out.flush();
            return 0;
        }

        private OffsetSpec offsetSpec() {
            if (target.earliest) {
                return OffsetSpec.earliest();
            }
            try {
                return OffsetSpec.forTimestamp(Instant.parse(target.datetime).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--to-datetime '" + target.datetime
                        + "' is not an instant; use e.g. 2026-10-08T08:55:00Z");
            }
        }

        private static Map<TopicPartition, Long> offsets(KafkaClients kafka, Admin admin, List<TopicPartition> partitions,
                OffsetSpec spec) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = kafka.await(admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
            return answer.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
