package io.closedloop.analytics.bench;

import io.closedloop.analytics.AnalyticsServiceApplication;
import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.analytics.hotspot.Keywords;
import io.closedloop.analytics.projection.Generations;
import io.closedloop.analytics.projection.Projections;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.SharedTestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * How fast are the projections rebuilt from analytics' event log? Starts analytics-service in this JVM against the
 * shared test infrastructure (a real PostgreSQL and Kafka), writes {@code --complaints} complaints of 7 events each
 * into the event log (received, classified, assigned, deadlines set, acknowledged, resolved, satisfaction), then
 * rebuilds the live projections from the start and builds a snapshot as of the middle of the period, and prints
 * events per second for each.
 *
 * <pre>
 * ./mvnw -q -pl analytics-service -am install -DskipTests
 * ./mvnw -q -pl analytics-service exec:exec -Pbenchmark -Dbench.args="--complaints 20000"
 * </pre>
 */
public final class RebuildBenchmark {

    private static final String[] CATEGORIES = {"product-quality/brakes", "product-quality/engine", "after-sales",
            "service-attitude", "price", "logistics", "other"};
    private static final String[] DEPARTMENTS = {"quality", "after-sales", "service", "sales", "logistics"};
    private static final String[] TEXTS = {"新车刹车异响，4S店说正常。", "发动机抖动，仪表盘故障灯亮。",
            "The parcel arrived two weeks late and the box was damaged.", "客服态度很差，电话打了三次没人回复。",
            "I was charged twice for the same repair.", "维修等了一个月还没有配件。"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int complaints = Integer.parseInt(options.getOrDefault("complaints", "20000"));
        String run = "bench" + System.currentTimeMillis();
        SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
        infrastructure.kafkaClient().createTopic(Topic.COMPLAINT_EVENTS.topicName(), 6);
        List<String> arguments = new ArrayList<>();
        infrastructure.springProperties(run).forEach((k, v) -> arguments.add("--" + k + "=" + v));
        arguments.add("--spring.application.name=" + run);
        arguments.add("--server.port=0");
        arguments.add("--logging.level.root=WARN");
        arguments.add("--logging.level.io.closedloop.analytics.projection=INFO");
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AnalyticsServiceApplication.class)
                .run(arguments.toArray(String[]::new))) {
            EventLog eventLog = service.getBean(EventLog.class);
            Projections projections = service.getBean(Projections.class);
            Generations generations = service.getBean(Generations.class);
            TransactionTemplate transactions = service.getBean(TransactionTemplate.class);

            Random random = new Random(42);
            Instant start = Instant.parse("2026-01-05T01:00:00Z");
            long written = 0;
            long began = System.nanoTime();
            List<EventLog.Incoming> batch = new ArrayList<>();
            List<EventLog.Incoming> sample = new ArrayList<>();
            for (int c = 0; c < complaints; c++) {
                String id = UUID.randomUUID().toString();
                Instant at = start.plusSeconds(c * 60L);
                for (ComplaintEventEnvelope e : story(id, at, random)) {
                    List<String> keywords = e.payload() instanceof ComplaintReceivedEvent r
                            ? Keywords.of(r.subject(), r.text()) : null;
                    batch.add(new EventLog.Incoming(e, ContractJson.mapper().writeValueAsBytes(e), keywords));
                }
                if (sample.size() < 35_000) {
                    sample.addAll(batch.subList(Math.max(0, batch.size() - 7), batch.size()));
                }
                if (batch.size() >= 2_000 || c == complaints - 1) {
                    List<EventLog.Incoming> chunk = List.copyOf(batch);
                    transactions.executeWithoutResult(s -> eventLog.append(chunk, Instant.now()));
                    written += chunk.size();
                    batch.clear();
                }
            }
            double writeSeconds = (System.nanoTime() - began) / 1e9;
            System.out.printf(Locale.ROOT, "wrote %,d events of %,d complaints into the event log in %.1f s "
                    + "(%,.0f events/s, keywords included)%n", written, complaints, writeSeconds, written / writeSeconds);

            // one step of the fold on its own, in this thread's CPU time (the machine's load moves it little)
            for (int pass = 0; pass < 3; pass++) {
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long t0 = threads.getCurrentThreadCpuTime();
                for (EventLog.Incoming e : sample) {
                    io.closedloop.contract.event.ComplaintEventReader.read(e.envelope().complaintId(), e.value());
                }
                long t1 = threads.getCurrentThreadCpuTime();
                for (EventLog.Incoming e : sample) {
                    new EventLog.Stored(0, e.envelope().complaintId(), e.value(), List.of()).read();
                }
                long t2 = threads.getCurrentThreadCpuTime();
                if (pass == 2) {
                    System.out.printf(Locale.ROOT, "reading an envelope: %.1f µs with the contract's reader, %.1f µs "
                            + "with the event log's (CPU, mean of %,d)%n", (t1 - t0) / 1e3 / sample.size(),
                            (t2 - t1) / 1e3 / sample.size(), sample.size());
                }
            }

            Cpu cpu = new Cpu(service.getBean(javax.sql.DataSource.class));
            int live = generations.live();
            Cpu.Reading before = cpu.read();
            began = System.nanoTime();
            int rebuilt = projections.rebuild().generation();
            org.awaitility.Awaitility.await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> generations.live() != live);
            double rebuildSeconds = (System.nanoTime() - began) / 1e9;
            Cpu.Reading after = cpu.read();
            System.out.printf(Locale.ROOT, "rebuild: %,d events in %.2f s = %,.0f events/s (generation %d)%n",
                    written, rebuildSeconds, written / rebuildSeconds, rebuilt);
            System.out.printf(Locale.ROOT, "rebuild CPU: this JVM %.2f s, PostgreSQL %.2f s = %.1f µs of CPU per event "
                    + "(load average %.2f)%n", after.jvmSeconds() - before.jvmSeconds(),
                    after.postgresSeconds() - before.postgresSeconds(),
                    1e6 * (after.jvmSeconds() - before.jvmSeconds() + after.postgresSeconds() - before.postgresSeconds())
                            / written,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            Instant middle = start.plusSeconds(complaints * 30L);
            began = System.nanoTime();
            projections.snapshot(middle);
            double snapshotSeconds = (System.nanoTime() - began) / 1e9;
            System.out.printf(Locale.ROOT, "snapshot as of the middle: %.2f s (%,.0f log events/s scanned)%n",
                    snapshotSeconds, written / snapshotSeconds);
        }
        System.exit(0);
    }

    /**
     * CPU time used by this JVM and by the PostgreSQL server (its postmaster and every backend): on a shared 2-core
     * machine the wall-clock rate moves with the load, the CPU spent per event much less.
     */
    private static final class Cpu {

        record Reading(double jvmSeconds, double postgresSeconds) {
        }

        private final long postmaster;

        Cpu(javax.sql.DataSource dataSource) throws Exception {
            try (var con = dataSource.getConnection(); var rs = con.createStatement().executeQuery("show data_directory")) {
                rs.next();
                String pidFile = java.nio.file.Files.readAllLines(java.nio.file.Path.of(rs.getString(1), "postmaster.pid"))
                        .get(0);
                postmaster = Long.parseLong(pidFile.strip());
            }
        }

        Reading read() {
            double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            ProcessHandle server = ProcessHandle.of(postmaster).orElseThrow();
            double postgres = java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants())
                    .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
                    .sum();
            return new Reading(jvm, postgres);
        }
    }

    private static List<ComplaintEventEnvelope> story(String id, Instant at, Random random) {
        Actor routing = Actor.service("routing-service", "rules@1");
        String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        List<ComplaintEvent> events = List.of(
                new ComplaintReceivedEvent(id, Channel.values()[random.nextInt(5)], "m-" + id, at,
                        new Complainant("王芳", "13812345678", null, null), "投诉", TEXTS[random.nextInt(TEXTS.length)],
                        InfoType.COMPLAINT, "SUV-" + random.nextInt(5), null, null, List.of(), "上海市", "zh", null,
                        Actor.customer(Channel.WEB, "bench")),
                new ComplaintClassifiedEvent(id, InfoType.COMPLAINT, CATEGORIES[random.nextInt(CATEGORIES.length)],
                        random.nextInt(10) == 0 ? "major" : "general", List.of("topic-" + random.nextInt(50)),
                        "rules@1", 0.9, false, routing),
                new DepartmentAssignedEvent(id, department, "normal", "rule", "rules@1", at.plusSeconds(5), routing),
                new DeadlinesSetEvent(id, List.of(
                        new Deadline("acknowledge", "ComplaintAcknowledged", at, null, at.plusSeconds(3600), "c@1", "p@1"),
                        new Deadline("resolve", "ComplaintResolved", at, null, at.plusSeconds(5 * 86_400), "c@1", "p@1")),
                        Actor.service("sla-timer-service", "p@1")),
                new ComplaintAcknowledgedEvent(id, department, "ok", at.plusSeconds(random.nextInt(7200)),
                        Actor.user("agent")),
                new ComplaintResolvedEvent(id, "fixed", at.plusSeconds(random.nextInt(10 * 86_400)), Actor.user("agent")),
                new SatisfactionRecordedEvent(id, 1 + random.nextInt(5), null, "phone", Actor.user("agent")));
        List<ComplaintEventEnvelope> envelopes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            envelopes.add(new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                    ComplaintEvent.typeName(events.get(i).getClass()), "1", id, i, at.plus(Duration.ofMinutes(i)),
                    "corr", "cause", events.get(i)));
        }
        return envelopes;
    }
}
