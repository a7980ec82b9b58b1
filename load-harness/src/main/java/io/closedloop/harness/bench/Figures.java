package io.closedloop.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.closedloop.harness.bench.RunTimeline.Stage;

/**
 * The run's figures, computed from the timeline: per-stage latency from the send, end-to-end throughput, and the
 * per-second series of the chart.
 *
 * <p>"Visible in analytics" comes from analytics' count of the run's complaints, polled: the k-th complaint sent
 * is taken as visible at the first poll that counted k or more. That assumes analytics counts them in about the
 * order they were sent, and it is no finer than the poll interval.
 */
record Figures(Map<String, Percentiles> stages, Map<String, Percentiles> hops, int fullyThrough,
        double endToEndPerSecond, long[] visibleAt, long[] completedAt) {

    static final String ACCEPTED_TO_DEPARTMENT = "accepted -> department topic";

    /**
     * The hops from a stored complaint to its department topic, each from one stage to the next (see
     * {@link #hops}): which service the time of {@link #ACCEPTED_TO_DEPARTMENT} is spent in.
     */
    static final List<Hop> HOPS = List.of(
            new Hop("intake relay: ComplaintReceived stored -> relayed", Stage.RECEIVED_STORED, Stage.RECEIVED),
            new Hop("routing: relayed -> AssignDepartment sent", Stage.RECEIVED, Stage.ASSIGN_SENT),
            new Hop("intake commands: AssignDepartment -> stored", Stage.ASSIGN_SENT, Stage.ASSIGNED_STORED),
            new Hop("intake relay: DepartmentAssigned stored -> relayed", Stage.ASSIGNED_STORED, Stage.ASSIGNED_RELAYED),
            new Hop("routing fan-out: relayed -> department topic", Stage.ASSIGNED_RELAYED, Stage.ASSIGNED),
            new Hop("ComplaintReceived stored -> department topic", Stage.RECEIVED_STORED, Stage.ASSIGNED));

    /** One hop: from the time of one stage to the time of a later one, of the same complaint. */
    record Hop(String name, Stage from, Stage to) {
    }

    static Figures of(Bench.Measured m) {
        RunTimeline t = m.timeline();
        int sent = m.sent();
        long[] visibleAt = visibleAt(t, sent, m.analyticsCounts());
        Map<String, List<Long>> lists = new LinkedHashMap<>();
        for (String stage : List.of("accepted (HTTP answer)", "accepted (Kafka ack)", "on complaint.events.v1 (received)",
                "classified", "on the department topic (assigned)", "clocks set (DeadlinesSet)", "visible in analytics (polled)",
                ACCEPTED_TO_DEPARTMENT)) {
            lists.put(stage, new ArrayList<>());
        }
        long[] completedAt = new long[sent];
        int through = 0;
        long lastCompletion = 0;
        for (int n = 0; n < sent; n++) {
            long s = t.at(n, Stage.SENT);
            long accepted = t.at(n, Stage.ACCEPTED);
            if (s == 0 || accepted == 0) {
                continue;
            }
            lists.get(t.viaKafka.containsKey(n) ? "accepted (Kafka ack)" : "accepted (HTTP answer)").add(accepted - s);
            add(lists.get("on complaint.events.v1 (received)"), t.at(n, Stage.RECEIVED), s);
            add(lists.get("classified"), t.at(n, Stage.CLASSIFIED), s);
            add(lists.get("on the department topic (assigned)"), t.at(n, Stage.ASSIGNED), s);
            add(lists.get("clocks set (DeadlinesSet)"), t.at(n, Stage.DEADLINES_SET), s);
            add(lists.get("visible in analytics (polled)"), visibleAt[n], s);
            add(lists.get(ACCEPTED_TO_DEPARTMENT), t.at(n, Stage.ASSIGNED), accepted);
            long done = Math.max(Math.max(t.at(n, Stage.CLASSIFIED), t.at(n, Stage.ASSIGNED)),
                    Math.max(t.at(n, Stage.DEADLINES_SET), visibleAt[n]));
            if (t.at(n, Stage.CLASSIFIED) > 0 && t.at(n, Stage.ASSIGNED) > 0 && t.at(n, Stage.DEADLINES_SET) > 0
                    && visibleAt[n] > 0) {
                completedAt[n] = done;
                through++;
                lastCompletion = Math.max(lastCompletion, done);
            }
        }
        Map<String, Percentiles> stages = new LinkedHashMap<>();
        lists.forEach((k, v) -> stages.put(k, Percentiles.of(v)));
        double seconds = (lastCompletion - m.loadStartMillis()) / 1000.0;
        return new Figures(stages, hops(t, sent), through, through == 0 || seconds <= 0 ? 0 : through / seconds,
                visibleAt, completedAt);
    }

    /**
     * Each hop's duration over the complaints that have both of its ends. The ends are read from the one machine's
     * clock by different processes: intake as it stores an event (occurredAt), the producers as they send a record
     * (the record's timestamp).
     */
    static Map<String, Percentiles> hops(RunTimeline t, int sent) {
        Map<String, Percentiles> hops = new LinkedHashMap<>();
        for (Hop hop : HOPS) {
            List<Long> durations = new ArrayList<>();
            for (int n = 0; n < sent; n++) {
                if (t.at(n, hop.from()) > 0) {
                    add(durations, t.at(n, hop.to()), t.at(n, hop.from()));
                }
            }
            hops.put(hop.name(), Percentiles.of(durations));
        }
        return hops;
    }

    private static void add(List<Long> into, long at, long from) {
        if (at > 0) {
            into.add(at - from);
        }
    }

    /** For each accepted complaint in send order, the first poll whose count reached its rank; 0 if none did. */
    static long[] visibleAt(RunTimeline t, int sent, List<long[]> counts) {
        long[] visible = new long[sent];
        int poll = 0;
        long rank = 0;
        for (int n = 0; n < sent; n++) {
            if (t.at(n, Stage.ACCEPTED) == 0) {
                continue;
            }
            rank++;
            while (poll < counts.size() && counts.get(poll)[1] < rank) {
                poll++;
            }
            if (poll == counts.size()) {
                break;
            }
            visible[n] = Math.max(counts.get(poll)[0], t.at(n, Stage.SENT));
        }
        return visible;
    }

    /** Per second of the run: sent, fully through, and the p99 of accepted -> department of those sent that second. */
    static List<double[]> perSecond(Bench.Measured m, Figures f) {
        RunTimeline t = m.timeline();
        long start = m.loadStartMillis();
        long end = start;
        for (long c : f.completedAt()) {
            end = Math.max(end, c);
        }
        int seconds = (int) ((Math.max(end, m.loadEndMillis()) - start) / 1000) + 1;
        double[] sent = new double[seconds];
        double[] through = new double[seconds];
        List<List<Long>> latency = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            latency.add(new ArrayList<>());
        }
        for (int n = 0; n < m.sent(); n++) {
            long s = t.at(n, Stage.SENT);
            if (s == 0) {
                continue;
            }
            int second = (int) ((s - start) / 1000);
            if (second >= 0 && second < seconds) {
                sent[second]++;
                if (t.at(n, Stage.ASSIGNED) > 0 && t.at(n, Stage.ACCEPTED) > 0) {
                    latency.get(second).add(t.at(n, Stage.ASSIGNED) - t.at(n, Stage.ACCEPTED));
                }
            }
            if (f.completedAt()[n] > 0) {
                int done = (int) ((f.completedAt()[n] - start) / 1000);
                if (done >= 0 && done < seconds) {
                    through[done]++;
                }
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            Percentiles p = Percentiles.of(latency.get(i));
            rows.add(new double[]{i, sent[i], through[i], p.count() == 0 ? Double.NaN : p.p99()});
        }
        return rows;
    }
}
