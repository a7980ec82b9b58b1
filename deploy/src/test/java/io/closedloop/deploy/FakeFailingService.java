package io.closedloop.deploy;

/** A "service" that fails during startup, for {@link LocalPlatformTest}. */
public final class FakeFailingService {

    private FakeFailingService() {
    }

    public static void main(String[] args) {
        System.out.println("APPLICATION FAILED TO START: fake failure for the test");
        System.exit(3);
    }
}
