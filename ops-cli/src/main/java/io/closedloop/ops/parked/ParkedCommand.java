package io.closedloop.ops.parked;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.Format;
import io.closedloop.ops.Service;
import io.closedloop.ops.ServiceName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "parked", description = "Complaints that routing, sla-timer or feedback parked because one of their events was "
        + "dead-lettered; their later events wait until a release.",
        subcommands = {ParkedCommand.ListParked.class, ParkedCommand.Release.class})
public final class ParkedCommand {

    @Command(name = "list", description = "The parked complaints of routing, sla-timer and feedback (or of one of them).")
    static final class ListParked implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", converter = ServiceName.class,
                description = "routing, sla-timer or feedback (default: all three)")
        Service service;

        @Option(names = "--format", paramLabel = "table|json", defaultValue = "table")
        Format format;

        @Override
        public Integer call() throws Exception {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            PrintWriter out = spec.commandLine().getOut();
            var json = ops.json().createObjectNode();
            for (Service s : service == null ? ParkedComplaints.SERVICES : List.of(service)) {
                JsonNode parked = new ParkedComplaints(ops.service(s)).list();
                if (format == Format.JSON) {
                    json.set(s.applicationName(), parked);
                    continue;
                }
                out.printf("%s: %d parked complaint(s)%n", s.applicationName(), parked.size());
                for (JsonNode p : parked) {
                    out.printf("  %s  parked %s, %d event(s) waiting%n    failed record %s%n    reason %s%n",
                            p.path("complaintId").asText(), p.path("parkedAt").asText(), p.path("waitingEvents").asLong(),
                            p.path("failedRecord").asText(), p.path("reason").asText());
                    if (p.hasNonNull("lastReleaseFailure")) {
                        out.printf("    last release failed: %s%n", p.get("lastReleaseFailure").asText());
                    }
                }
            }
            if (format == Format.JSON) {
                out.println(ops.json().writeValueAsString(json));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "release", description = {"Resume a parked complaint once its cause is dealt with: the failed "
            + "event is handled again (retry) or left out (skip), then every event that waited, in order.",
            "If any of them fails again, nothing of the release is kept and the complaint stays parked."})
    static final class Release implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERVICE", converter = ServiceName.class,
                description = "routing, sla-timer or feedback")
        Service service;

        @Parameters(index = "1", paramLabel = "COMPLAINT_ID")
        String complaintId;

        @Option(names = "--failed-event", required = true, paramLabel = "retry|skip",
                description = "retry: handle the dead-lettered event again (its cause is fixed); skip: leave it out")
        ParkedComplaints.FailedEvent failedEvent;

        @Override
        public Integer call() {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            JsonNode released = new ParkedComplaints(ops.service(service)).release(complaintId, failedEvent);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: released complaint %s (failed event %s), %d event(s) handled; it follows the stream again%n",
                    service.applicationName(), complaintId, failedEvent == ParkedComplaints.FailedEvent.RETRY
                            ? "handled again" : "skipped", released.path("eventsHandled").asInt());
            out.flush();
            return 0;
        }
    }
}
