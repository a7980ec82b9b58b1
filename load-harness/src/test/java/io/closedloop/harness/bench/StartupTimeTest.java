package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTimeTest {

    @Test
    void repeatedLauncherOptionsAreHandedOverAsGivenAndTheHarnessKeepsItsOwn() {
        String[] args = {"--data-dir", "/tmp/p", "--keep", "--service-port", "intake-service=18081",
                "--service-port", "routing-service=18082", "--api-key", "secret", "--no-restart", "--timeout", "60"};
        assertThat(StartupTime.launcherArguments(args)).containsExactly("--service-port", "intake-service=18081",
                "--service-port", "routing-service=18082", "--no-restart");
    }
}
