package io.closedloop.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault suite of issue 10 ({@code load-harness faults}): one {@link CheckedLoad} per scenario, one after another
 * on one running platform, each with its own fault a third of the way into its load:
 * <ol>
 *   <li>{@code kill}: one instance of every service killed with {@code kill -9};</li>
 *   <li>{@code kafka}: the broker stopped for a while, then started again on the same port and data;</li>
 *   <li>{@code postgres}: PostgreSQL stopped (fast shutdown) for a while, then started again;</li>
 *   <li>{@code disk}: the event store's disk full for a while;</li>
 *   <li>{@code mail}: the mail server slow for a while.</li>
 * </ol>
 * After each: accepted, on the stream once, lost, duplicated, projection mismatches, deadlines and mails. Exit code
 * 0 only if every scenario lost, duplicated and missed nothing.
 */
final class FaultSuite {

    static final List<String> ALL = List.of("kill", "kafka", "postgres", "disk", "mail");

    private FaultSuite() {
    }

    /** The scenarios named in {@code --scenarios a,b} (default: all), in the order given; unknown names refused. */
    static List<String> scenarios(String option) {
        if (option == null || option.isBlank()) {
            return ALL;
        }
        List<String> chosen = new ArrayList<>();
        for (String name : option.split(",")) {
            String scenario = name.strip();
            if (!ALL.contains(scenario)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario " + scenario + " (known: "
                        + String.join(",", ALL) + ")");
            }
            chosen.add(scenario);
        }
        return chosen;
    }

    static Fault fault(String scenario, Options options) {
        Duration outage = Duration.ofSeconds(options.integer("outage", 20));
        return switch (scenario) {
            case "kill" -> new KillInstances(options.integer("kill", 1));
            case "kafka" -> new StopInfrastructure("kafka", "the Kafka broker", outage);
            case "postgres" -> new StopInfrastructure("postgres", "PostgreSQL", outage);
            case "disk" -> new FillEventStoreDisk(outage);
            case "mail" -> new SlowMailServer(Duration.ofMillis(options.integer("mail-delay-ms", 3000)),
                    Duration.ofSeconds(options.integer("mail-slow-for", 60)));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    static int run(Options options) throws Exception {
        List<String> scenarios = scenarios(options.get("scenarios", null));
        CheckedLoad.Settings settings = CheckedLoad.Settings.from(options, 150, 5);
        PlatformControl control = new PlatformControl(settings.dataDir());
        int imapPort = control.part("mail-imap").map(PlatformControl.Part::port)
                .orElseThrow(() -> new IllegalStateException("the launcher's status lists no mail server"));
        MailServerReader mailServer = new MailServerReader("localhost", imapPort);
        System.out.println("Fault suite: " + String.join(", ", scenarios) + "; " + settings.complaints()
                + " complaints at " + settings.rate() + "/s in each");
        Map<String, List<String>> results = new LinkedHashMap<>();
        boolean pass = true;
        for (String scenario : scenarios) {
            System.out.println();
            System.out.println("==== scenario " + scenario);
            Fault fault = fault(scenario, options);
            CheckedLoad check = new CheckedLoad("faults-" + scenario, settings, fault, mailServer);
            List<String> lines = new ArrayList<>();
            try {
                Verdict verdict = check.run();
                boolean passed = verdict.print(check.problems);
                lines.add((passed ? "PASS " : "FAIL ") + fault.description());
                lines.addAll(verdict.summaryLines());
                check.problems.stream().limit(5).forEach(p -> lines.add("trouble: " + p));
                pass &= passed;
            } catch (Exception e) {
                lines.add("FAIL " + fault.description() + ": the run itself failed: " + e);
                pass = false;
            } finally {
                try {
                    fault.cleanUp();
                } catch (Exception e) {
                    lines.add("clean-up failed: " + e);
                    pass = false;
                }
            }
            results.put(scenario, lines);
        }
        System.out.println();
        System.out.println("==== fault suite results");
        results.forEach((scenario, lines) -> {
            System.out.printf(Locale.ROOT, "%-9s %s%n", scenario, lines.get(0));
            lines.subList(1, lines.size()).forEach(line -> System.out.printf(Locale.ROOT, "%-9s   %s%n", "", line));
        });
        System.out.println(pass ? "PASS: every scenario lost, duplicated and missed nothing" : "FAIL");
        return pass ? 0 : 1;
    }
}
