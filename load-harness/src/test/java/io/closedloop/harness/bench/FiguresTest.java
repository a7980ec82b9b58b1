package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTest {

    private static final long T0 = 1_000_000L;

    /** Three complaints sent 100 ms apart, each through every stage 50 ms after the one before. */
    private static RunTimeline timeline() {
        RunTimeline t = new RunTimeline(3);
        for (int n = 0; n < 3; n++) {
            long sent = T0 + n * 100L;
            t.mark(n, RunTimeline.Stage.SENT, sent);
            t.mark(n, RunTimeline.Stage.ACCEPTED, sent + 10);
            t.mark(n, RunTimeline.Stage.RECEIVED, sent + 50);
            t.mark(n, RunTimeline.Stage.CLASSIFIED, sent + 100);
            t.mark(n, RunTimeline.Stage.ASSIGNED, sent + 150);
            t.mark(n, RunTimeline.Stage.DEADLINES_SET, sent + 200);
        }
        return t;
    }

    @Test
    void aComplaintIsVisibleInAnalyticsAtTheFirstPollThatCountedItsRank() {
        List<long[]> polls = List.of(new long[]{T0 + 500, 1}, new long[]{T0 + 1500, 3});
        assertThat(Figures.visibleAt(timeline(), 3, polls)).containsExactly(T0 + 500, T0 + 1500, T0 + 1500);
        assertThat(Figures.visibleAt(timeline(), 3, List.of(new long[]{T0 + 500, 1}))).containsExactly(T0 + 500, 0, 0);
    }

    @Test
    void stagesAreMeasuredFromTheSendAndThroughputFromTheFirstSendToTheLastCompletion() {
        Bench.Measured m = new Bench.Measured(timeline(), 3, T0, T0 + 300, List.of(new long[]{T0 + 2000, 3}),
                List.of(), List.of(), List.of(), Map.of(), 0.3, 0, 0);
        Figures f = Figures.of(m);
        assertThat(f.stages().get("classified")).isEqualTo(new Percentiles(3, 100, 100, 100, 100));
        assertThat(f.stages().get(Figures.ACCEPTED_TO_DEPARTMENT)).isEqualTo(new Percentiles(3, 140, 140, 140, 140));
        assertThat(f.fullyThrough()).isEqualTo(3);
        assertThat(f.endToEndPerSecond()).isEqualTo(1.5); // 3 complaints, the last counted 2 s after the first send
    }

    @Test
    void eachHopIsTheTimeBetweenItsTwoStagesOverTheComplaintsThatHaveBoth() {
        RunTimeline t = timeline();
        for (int n = 0; n < 3; n++) {
            long sent = T0 + n * 100L;
            t.mark(n, RunTimeline.Stage.RECEIVED_STORED, sent + 40);   // relayed at +50
            t.mark(n, RunTimeline.Stage.ASSIGN_SENT, sent + 70 + n);  // routing took 20, 21, 22 ms
            t.mark(n, RunTimeline.Stage.ASSIGNED_STORED, sent + 90 + n);
        }
        t.mark(0, RunTimeline.Stage.ASSIGNED_RELAYED, T0 + 120);      // the others were never relayed
        Map<String, Percentiles> hops = Figures.hops(t, 3);
        assertThat(hops.keySet()).containsExactlyElementsOf(Figures.HOPS.stream().map(Figures.Hop::name).toList());
        assertThat(hops.get("intake relay: ComplaintReceived stored -> relayed")).isEqualTo(new Percentiles(3, 10, 10, 10, 10));
        assertThat(hops.get("routing: relayed -> AssignDepartment sent")).isEqualTo(new Percentiles(3, 21, 22, 22, 22));
        assertThat(hops.get("intake relay: DepartmentAssigned stored -> relayed")).isEqualTo(new Percentiles(1, 30, 30, 30, 30));
        assertThat(hops.get("routing fan-out: relayed -> department topic")).isEqualTo(new Percentiles(1, 30, 30, 30, 30));
        assertThat(hops.get("ComplaintReceived stored -> department topic")).isEqualTo(new Percentiles(3, 110, 110, 110, 110));
    }

    @Test
    void aRebuildBelowThirtyThousandEventsASecondMissesItsTarget() {
        Bench.Measured m = new Bench.Measured(timeline(), 3, T0, T0 + 300, List.of(new long[]{T0 + 2000, 3}),
                List.of(100L, 300L), List.of(1200L), List.of(), Map.of(), 0.3, 0, 0);
        List<Target> targets = Target.judge(BenchSettings.parse(io.closedloop.harness.Options.parse(new String[0])), m,
                new Bench.Rebuild(2, 10_000, 1, 10_000, "active"), null);
        assertThat(targets).extracting(Target::verdict).containsExactly(Target.MISSED,
                "met (offered 10/s, not 100/s)", Target.MISSED, Target.MISSED, "judged across runs (--preload)",
                Target.NOT_MEASURED);
    }
}
