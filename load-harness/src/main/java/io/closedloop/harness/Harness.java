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
                    """);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "cfpb" -> System.exit(CfpbLoad.run(Options.parse(rest)));
            case "scale-out" -> System.exit(ScaleOutCheck.run(Options.parse(rest)));
            default -> {
                System.err.println("unknown command: " + args[0] + " (try --help)");
                System.exit(2);
            }
        }
    }
}
