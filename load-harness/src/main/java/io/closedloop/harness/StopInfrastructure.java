package io.closedloop.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops the Kafka broker or PostgreSQL through the launcher's control files, leaves it down for a while under
 * load, and starts it again on the same port and data directory.
 */
final class StopInfrastructure implements Fault {

    private final String part;
    private final String what;
    private final Duration outage;
    private volatile Outage happened;

    StopInfrastructure(String part, String what, Duration outage) {
        this.part = part;
        this.what = what;
        this.outage = outage;
    }

    @Override
    public String name() {
        return part;
    }

    @Override
    public String description() {
        return what + " is stopped for " + outage.toSeconds() + " s, then started again on the same port and data";
    }

    @Override
    public java.util.Optional<Outage> outage() {
        return java.util.Optional.ofNullable(happened);
    }

    @Override
    public void inject(Context context) throws Exception {
        PlatformControl control = new PlatformControl(context.dataDir());
        Instant begin = context.clock().instant();
        control.stop(part, Duration.ofSeconds(90));
        Instant stopped = context.clock().instant();
        System.out.printf(Locale.ROOT, "%s stopped (took %.1f s); down for %d s%n", what,
                Duration.between(begin, stopped).toMillis() / 1000.0, outage.toSeconds());
        LockSupport.parkNanos(outage.toNanos()); // the outage itself
        control.start(part, Duration.ofSeconds(180));
        happened = new Outage(begin, context.clock().instant());
        System.out.printf(Locale.ROOT, "%s running again after %.1f s down%n", what,
                Duration.between(stopped, context.clock().instant()).toMillis() / 1000.0);
    }
}
