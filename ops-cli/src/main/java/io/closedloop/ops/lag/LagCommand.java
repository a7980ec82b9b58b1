package io.closedloop.ops.lag;

import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.Format;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.Service;
import io.closedloop.ops.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lag", description = {
        "Consumer lag per group (by default the five services' groups), per topic-partition: committed offset, "
                + "end offset (read_committed) and lag, with totals.",
        "A partition the group has not committed on yet counts from its start. Offsets that hold only transaction "
                + "markers or aborted records are not lag (json: offsetLag counts them, lag does not)."})
public final class LagCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
            description = "A consumer group; repeatable (default: intake-service, routing-service, sla-timer-service, "
                    + "feedback-service, analytics-service)")
    List<String> groups;

    @Option(names = "--all-groups", description = "Every consumer group of the cluster, department systems' included")
    boolean allGroups;

    @Option(names = "--fail-above", paramLabel = "N",
            description = "Exit with 4 if any group's total lag is above N records (for cron-style alarms)")
    Long failAbove;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "table (default) or json")
    Format format;

    @Override
    public Integer call() throws Exception {
        ClosedLoopOps ops = ClosedLoopOps.of(spec);
        KafkaClients kafka = ops.kafka();
        List<ConsumerLag.GroupLag> lags;
        try (Admin admin = kafka.admin(); KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            ConsumerLag lag = new ConsumerLag(admin, kafka, consumer);
            List<String> wanted = allGroups ? lag.allGroups()
                    : groups != null && !groups.isEmpty() ? groups
                    : Arrays.stream(Service.values()).map(Service::consumerGroup).toList();
            lags = lag.of(wanted);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.println(ops.json().writeValueAsString(lags.stream().map(g -> new GroupJson(g.group(), g.state(),
                    g.members(), g.total(), g.perTopic(), g.partitions())).toList()));
        } else {
            print(out, lags);
        }
        out.flush();
        if (failAbove != null) {
            List<String> behind = lags.stream().filter(g -> g.total() > failAbove)
                    .map(g -> g.group() + " (" + g.total() + ")").toList();
            if (!behind.isEmpty()) {
                throw new OpsException("lag above " + failAbove + ": " + String.join(", ", behind),
                        OpsException.LAG_TOO_HIGH);
            }
        }
        return 0;
    }

    record GroupJson(String group, String state, int members, long totalLag, java.util.Map<String, Long> lagPerTopic,
            List<ConsumerLag.PartitionLag> partitions) {
    }

    private static void print(PrintWriter out, List<ConsumerLag.GroupLag> lags) {
        String row = "%-28s %-28s %9s %12s %12s %10s%n";
        out.printf(row, "GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG");
        for (ConsumerLag.GroupLag g : lags) {
            if (g.partitions().isEmpty()) {
                out.printf("%-28s (no committed offsets and no members: the group has not consumed yet, or does not "
                        + "exist)%n", g.group());
                continue;
            }
            for (ConsumerLag.PartitionLag p : g.partitions()) {
                out.printf(row, g.group(), p.topic(), p.partition(), p.committed() == null ? "-" : p.committed(),
                        p.end(), p.lag());
            }
            g.perTopic().forEach((topic, lag) -> out.printf(row, g.group(), topic, "all", "", "", lag));
            out.printf("%-28s state %s, %d member(s), total lag %d%n%n", g.group(), g.state(), g.members(), g.total());
        }
    }
}
