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
                    """);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "cfpb" -> System.exit(CfpbLoad.run(Options.parse(rest)));
            default -> {
                System.err.println("unknown command: " + args[0] + " (try --help)");
                System.exit(2);
            }
        }
    }
}
