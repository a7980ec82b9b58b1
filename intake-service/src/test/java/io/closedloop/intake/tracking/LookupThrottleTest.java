package io.closedloop.intake.tracking;

import io.closedloop.intake.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LookupThrottleTest {


    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final LookupThrottle throttle = new LookupThrottle(clock, Duration.ofMinutes(15), 5, 20);

    @Test
    void aNumberIsRefusedAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitBefore("10.0.0." + i, "AAAA-AAAA-A")).isEmpty();
            throttle.failed("10.0.0." + i, "AAAA-AAAA-A");
            clock.advance(Duration.ofSeconds(60));
        }

        assertThat(throttle.waitBefore("10.9.9.9", "AAAA-AAAA-A")).contains(Duration.ofMinutes(10));
        assertThat(throttle.waitBefore("10.9.9.9", "BBBB-BBBB-B")).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.waitBefore("10.9.9.9", "AAAA-AAAA-A")).isEmpty();
    }

    @Test
    void aClientIsRefusedAfterTwentyFailuresAcrossNumbers() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("192.0.2.7", "NUMBER-" + i);
        }

        assertThat(throttle.waitBefore("192.0.2.7", "ANOTHER")).contains(Duration.ofMinutes(15));
        assertThat(throttle.waitBefore("192.0.2.8", "ANOTHER")).isEmpty();
    }
}
