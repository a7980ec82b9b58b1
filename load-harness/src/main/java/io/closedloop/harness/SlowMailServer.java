package io.closedloop.harness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The mail server answers slowly for a while: every answer held back by the launcher's mail relay. Mail is sent
 * from feedback's outbox, so intake and the rest of the loop must not slow down; once the server is quick again,
 * every due mail must be at the server once.
 */
final class SlowMailServer implements Fault {

    private final Duration delay;
    private final Duration lasting;

    SlowMailServer(Duration delay, Duration lasting) {
        this.delay = delay;
        this.lasting = lasting;
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public String description() {
        return "every answer of the mail server is held back " + delay.toMillis() + " ms, for " + lasting.toSeconds() + " s";
    }

    @Override
    public void inject(Context context) throws Exception {
        PlatformControl control = new PlatformControl(context.dataDir());
        control.delayMail(delay);
        System.out.println("mail server slowed down: " + delay.toMillis() + " ms per answer");
        LockSupport.parkNanos(lasting.toNanos()); // the slow spell itself
        control.delayMail(Duration.ZERO);
        System.out.println("mail server at full speed again");
    }
}
