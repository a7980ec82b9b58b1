package io.closedloop.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One of issue 9's targets on this 2-core machine, what was measured against it, and the verdict. */
record Target(String target, String measured, String verdict) {

    static final String MET = "met";
    static final String MISSED = "MISSED";
    static final String NOT_MEASURED = "not measured by this run";

    static List<Target> judge(BenchSettings settings, Bench.Measured m, Bench.Rebuild rebuild,
                              Baselines.KafkaBaseline kafka) {
        Figures f = Figures.of(m);
        List<Target> targets = new ArrayList<>();
        double e2e = f.endToEndPerSecond();
        targets.add(new Target(">= 1,000 complaints/s end to end, sustained 5 min",
                String.format(Locale.ROOT, "%.0f/s over %.0f s", e2e, m.loadSeconds()),
                e2e < 1000 ? MISSED : m.loadSeconds() >= 300 ? MET : "rate met, but the run was shorter than 5 min"));
        Percentiles toDepartment = f.stages().get(Figures.ACCEPTED_TO_DEPARTMENT);
        double offered = m.sent() / m.loadSeconds();
        targets.add(new Target("p99 accepted -> department topic < 250 ms at 100/s",
                String.format(Locale.ROOT, "p99 %s at %.0f/s", Percentiles.ms(toDepartment.p99()), offered),
                toDepartment.count() == 0 ? NOT_MEASURED : (toDepartment.p99() < 250 ? MET : MISSED)
                        + (Math.abs(offered - 100) > 20 ? String.format(Locale.ROOT, " (offered %.0f/s, not 100/s)", offered) : "")));
        List<Long> lateness = new ArrayList<>(m.warningLateness());
        lateness.addAll(m.escalationLateness());
        Percentiles sla = Percentiles.of(lateness);
        targets.add(new Target("warnings and escalations p99 < 1 s late",
                sla.count() == 0 ? "-" : String.format(Locale.ROOT, "p99 %s (n=%,d); clocks set in time: p99 %s",
                        Percentiles.ms(sla.p99()), sla.count(), Percentiles.ms(Percentiles.of(m.timerLateness()).p99())),
                sla.count() == 0 ? NOT_MEASURED : sla.p99() < 1000 ? MET : MISSED));
        targets.add(new Target("rebuild >= 30,000 events/s",
                rebuild == null ? "-" : String.format(Locale.ROOT, "%,.0f events/s", rebuild.eventsPerSecond()),
                rebuild == null ? NOT_MEASURED : rebuild.eventsPerSecond() >= 30_000 ? MET : MISSED));
        targets.add(new Target("< 20% throughput loss from 10k to 1M stored", "compare runs in " + settings.results(),
                "judged across runs (--preload)"));
        targets.add(new Target("ready within 30 s of the run command", "see the startup command", NOT_MEASURED));
        return targets;
    }
}
