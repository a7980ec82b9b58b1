package io.closedloop.harness;

import java.util.Arrays;

/**
 * The load harness's command line: {@code java -jar load-harness/target/load-harness-0.1.0-SNAPSHOT.jar <command>}.
 */
public final class Harness {

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println("""
                    Closed Loop load harness

                      cfpb   load CFPB complaints through intake's HTTP API and check analytics' counts against
                             counts computed from the CSV (products, channels, months)
                             --csv PATH           default: the 1,000-row sample shipped in the jar
                             --limit N            only the first N rows
                             --intake URL         default http://localhost:8081
                             --analytics URL      default http://localhost:8085
                             --concurrency N      requests in flight (default 16)
                             --verify-timeout S   how long to wait for analytics to count them all (default 300)
                             --no-verify          load only

                      scale-out   against a platform started with two instances of every service
                             (deploy/run-local.sh --instances 2 --data-dir DIR): files complaints through both
                             intake instances, acknowledges half and resolves a quarter, kills (kill -9) one
                             instance of every service a third of the way in (the launcher restarts them), then
                             prints accepted / lost / duplicated / missed, read from every service
                             --data-dir DIR       the platform's data dir, holding instances.tsv (default data)
                             --complaints N       default 600
                             --rate N             complaints per second (default 10)
                             --kill K             which instance of each service to kill (default 1)
                             --settle-timeout S   how long to wait for everything to settle (default 600)
                             --restart-timeout S  how long the killed instances may take to be UP again (default 600)

                      faults   the fault suite, against a platform started by the launcher (deploy/run-local.sh
                             --instances 2 --data-dir DIR): one checked load per scenario, each with its fault a
                             third of the way in, then accepted / on the stream once / lost / duplicated /
                             projection mismatches / deadlines / mails per scenario
                             --data-dir DIR       the platform's data dir (instances.tsv, control/) (default data)
                             --scenarios LIST     any of kill,kafka,postgres,disk,mail (default: all, in that order)
                             --complaints N       per scenario (default 150)
                             --rate N             complaints per second (default 5)
                             --outage S           how long the broker, the database and the disk are away (default 20)
                             --mail-delay-ms MS   how late each answer of the slow mail server is (default 3000)
                             --mail-slow-for S    how long the mail server is slow (default 60)
                             --kill K             which instance of each service to kill (default 1)
                             --settle-timeout S  --restart-timeout S  --request-patience S (default 600, 600, 180)
                             the disk scenario mounts a small tmpfs: it needs root (or CAP_SYS_ADMIN)

                      bench  against a running platform (deploy/run-local.sh --data-dir DIR): sends complaints through
                             intake's HTTP API and complaint.intake.v1, follows them on complaint.events.v1, the
                             department topics and analytics, and prints throughput, per-stage latency, SLA
                             lateness, rebuild speed, resources and raw Kafka / Axon baselines beside the targets
                             --data-dir DIR       the platform's data dir (default data)
                             --rate N | --compress F | --max   arrivals: fixed N/s, the NYC 311 day compressed F
                                                  times (default --compress 1300, about 100/s on average), or
                                                  as fast as the platform takes them
                             --duration S         seconds of load (default 60)
                             --day-start HH:MM    where in the 311 day the compressed arrivals start (default 00:00)
                             --nyc311 PATH        derive the arrival profile from this 311 CSV (default: shipped)
                             --chinese PATH       also send these Chinese messages (CSV with 留言主题, 留言详情)
                             --kafka-share X      share sent through complaint.intake.v1 (0..1, default 0.5)
                             --preload N          first put N complaints into the store through complaint.intake.v1
                             --baseline N         payloads for the raw Kafka and Axon baselines (default 20000)
                             --no-baselines  --no-rebuild  --no-sla
                             --concurrency N      requests and Kafka sends in flight at most (default 64)
                             --settle S           how long to wait for everything to come through (default 300)
                             --results PATH       appends one JSON line per run (default bench-results.jsonl)
                             --chart PATH         PNG chart of the run (default bench-chart.png)

                      startup  time from launching the one-command platform to every service UP
                             --data-dir DIR       (default /tmp/closed-loop-startup); other options go to the launcher
                             --keep               leave it running
                             --results PATH       also append the time as a JSON line

                    every command: --api-key K (or CLOSEDLOOP_API_KEY) sends X-Api-Key: K on every HTTP request (default: the demo administrator key demo-admin-key)
                    """);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Options options = Options.parse(rest);
        HarnessHttp.configure(options.get("api-key", null), System.getenv());
        switch (args[0]) {
            case "cfpb" -> System.exit(CfpbLoad.run(options));
            case "scale-out" -> System.exit(ScaleOutCheck.run(options));
            case "faults" -> System.exit(FaultSuite.run(options));
            case "bench" -> System.exit(io.closedloop.harness.bench.Bench.run(options));
            case "startup" -> System.exit(io.closedloop.harness.bench.StartupTime.run(options, rest));
            default -> {
                System.err.println("unknown command: " + args[0] + " (try --help)");
                System.exit(2);
            }
        }
    }
}
