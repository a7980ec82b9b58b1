package io.closedloop.ops.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.ops.ClosedLoopOps;
import io.closedloop.ops.Durations;
import io.closedloop.ops.Format;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.Service;
import io.closedloop.ops.ServiceName;
import io.closedloop.ops.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

@Command(name = "projection", description = {"Projections and what a replay means for each service.",
        "analytics: every projection is rebuilt from its own event log into a new generation, which replaces the live "
                + "one when it has caught up; the live one serves until then."},
        subcommands = {ProjectionCommand.Status.class, ProjectionCommand.Rebuild.class})
public final class ProjectionCommand {

    private static final String PATH = "/api/v1/projections";

    /**
     * What the other services keep, and why none of it is a projection to replay: their tables are decisions that
     * were acted on (commands sent, timers armed, mail queued), each recorded on the complaint's stream, and their
     * inboxes turn away a replayed event.
     */
    static String whatItOffers(Service service) {
        return switch (service) {
            case ANALYTICS -> "analytics-service: rebuildable (`projection rebuild analytics`).";
            case INTAKE -> "intake-service: the event store is the source of truth, not a projection. Its tracking-number "
                    + "index is an Axon streaming processor ('tracking-numbers'); no API replays it, see "
                    + "docs/operations.md (\"Rebuilding a projection\") for the manual way.";
            case ROUTING -> "routing-service: its tables (complaint_routing, complaint_event_log, corrections) are its "
                    + "decisions, each sent as a command and recorded on the complaint's stream; replaying would decide "
                    + "again, so there is no rebuild. Its inbox (processed_event) turns a replayed event away.";
            case SLA_TIMER -> "sla-timer-service: its clocks and their timers are decisions (DeadlinesSet, warnings, "
                    + "escalations are recorded on the complaint's stream); replaying would arm timers again, so there "
                    + "is no rebuild. Its inbox (processed_event) turns a replayed event away.";
            case FEEDBACK -> "feedback-service: its cases, surveys and outboxes (mail, commands) are decisions that were "
                    + "acted on; replaying would mail customers again, so there is no rebuild. Its inbox turns a "
                    + "replayed event away.";
        };
    }

    @Command(name = "status", description = "analytics' live generation, event log, lag and freshness, and every "
            + "generation with its progress; and what the other services offer.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--format", paramLabel = "table|json", defaultValue = "table")
        Format format;

        @Override
        public Integer call() throws Exception {
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            JsonNode overview = ops.service(Service.ANALYTICS).get(PATH);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                out.println(ops.json().writeValueAsString(overview));
                out.flush();
                return 0;
            }
            out.printf("analytics-service: live generation %d; %d events in its log, newest %s; lag %.1f s, last event "
                            + "taken in %s%n", overview.path("live").asInt(), overview.path("eventsInLog").asLong(),
                    overview.path("lastEventAt").asText("-"), overview.path("lagSeconds").asDouble(),
                    overview.hasNonNull("freshnessSeconds")
                            ? String.format("%.1f s ago", overview.get("freshnessSeconds").asDouble()) : "not since start");
            out.printf("  %-10s %-7s %-9s %10s %8s  %-24s %-24s %s%n", "GENERATION", "KIND", "STATE", "EVENTS",
                    "PROGRESS", "STARTED", "FINISHED", "FAILURE");
            for (JsonNode g : overview.path("generations")) {
                out.println(generationRow(g));
            }
            for (Service other : new Service[] {Service.INTAKE, Service.ROUTING, Service.SLA_TIMER, Service.FEEDBACK}) {
                out.println(whatItOffers(other));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rebuild", description = {"Rebuild a service's projections. Only analytics has any: a new "
            + "generation is built from its event log beside the live one and switched to when it has caught up.",
            "With --wait, follows the build until the switch (exit 0) or its failure (exit 1)."})
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERVICE", converter = ServiceName.class, description = "analytics")
        Service service;

        @Option(names = "--wait", description = "follow the rebuild until it is live or has failed")
        boolean await;

        @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", converter = Durations.class,
                description = "how often --wait asks for progress (default: 2s)")
        Duration pollInterval;

        @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "1h", converter = Durations.class,
                description = "give up waiting after this long; the rebuild itself goes on (default: 1h)")
        Duration maxWait;

        @Override
        public Integer call() {
            if (service != Service.ANALYTICS) {
                throw new OpsException("no projection to rebuild. " + whatItOffers(service));
            }
            ClosedLoopOps ops = ClosedLoopOps.of(spec);
            ServiceClient analytics = ops.service(Service.ANALYTICS);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode started = analytics.post(PATH + "/rebuilds", null);
            int generation = started.path("generation").asInt();
            out.printf("analytics-service: rebuilding generation %d from the start of its event log; the live "
                    + "generation serves until the switch%n", generation);
            out.flush();
            if (!await) {
                out.printf("follow it with: closed-loop-ops projection status%n");
                out.flush();
                return 0;
            }
            long deadline = System.nanoTime() + maxWait.toNanos();
            double lastProgress = -1;
            while (true) {
                JsonNode g = analytics.get(PATH + "/" + generation);
                String state = g.path("state").asText();
                double progress = g.path("progress").asDouble();
                if (!"building".equals(state)) {
                    if ("active".equals(state)) {
                        out.printf("generation %d is live: %d events folded, finished %s%n", generation,
                                g.path("events").asLong(), g.path("finishedAt").asText());
                        out.flush();
                        return 0;
                    }
                    throw new OpsException("generation " + generation + " ended " + state
                            + (g.hasNonNull("failure") ? ": " + g.get("failure").asText() : "")
                            + "; the live generation is unchanged");
                }
                if (progress != lastProgress) {
                    out.printf("generation %d: %.0f%%, %d events%n", generation, progress * 100, g.path("events").asLong());
                    out.flush();
                    lastProgress = progress;
                }
                if (System.nanoTime() > deadline) {
                    throw new OpsException("generation " + generation + " is still being built after "
                            + maxWait.toMinutes() + " min; it goes on, follow it with `projection status`");
                }
                LockSupport.parkNanos(pollInterval.toNanos());
            }
        }
    }

    static String generationRow(JsonNode g) {
        return String.format("  %-10d %-7s %-9s %10d %7.0f%%  %-24s %-24s %s", g.path("generation").asInt(),
                g.path("kind").asText(), g.path("state").asText(), g.path("events").asLong(),
                g.path("progress").asDouble() * 100, g.path("startedAt").asText("-"),
                g.path("finishedAt").isNull() ? "-" : g.path("finishedAt").asText("-"),
                g.path("failure").isNull() ? "" : g.path("failure").asText(""));
    }
}
