package io.closedloop.harness;

/**
 * The scale-out check of issue 8, run against a platform started with two (or more) instances of every service
 * ({@code deploy/run-local.sh --instances 2}): a {@link CheckedLoad} whose fault is {@code kill -9} of one instance
 * of every service a third of the way in ({@link KillInstances}). Exit code 0 only if nothing was lost, duplicated
 * or missed.
 */
final class ScaleOutCheck {

    private ScaleOutCheck() {
    }

    static int run(Options options) throws Exception {
        CheckedLoad.Settings settings = CheckedLoad.Settings.from(options, 600, 10);
        PlatformInstances instances = PlatformInstances.read(settings.dataDir().resolve("instances.tsv"));
        for (String service : CheckedLoad.SERVICES) {
            if (instances.of(service).size() < 2) {
                System.err.println(service + " has " + instances.of(service).size() + " instance(s) in "
                        + settings.dataDir().resolve("instances.tsv") + "; the check needs two of every service: "
                        + "deploy/run-local.sh --instances 2 --data-dir " + settings.dataDir());
                return 2;
            }
        }
        CheckedLoad check = new CheckedLoad("scale-out", settings, new KillInstances(options.integer("kill", 1)), null);
        return check.run().print(check.problems) ? 0 : 1;
    }
}
