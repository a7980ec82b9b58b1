package io.closedloop.intake.tracking;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LookupThrottleTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-23T01:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final LookupThrottle throttle = new LookupThrottle(clock, Duration.ofMinutes(15), 5, 20);

    @Test
    void aNumberIsRefusedAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitBefore("10.0.0." + i, "AAAA-AAAA-A")).isEmpty();
            throttle.failed("10.0.0." + i, "AAAA-AAAA-A");
            clock.now = clock.now.plusSeconds(60);
        }

        assertThat(throttle.waitBefore("10.9.9.9", "AAAA-AAAA-A")).contains(Duration.ofMinutes(10));
        assertThat(throttle.waitBefore("10.9.9.9", "BBBB-BBBB-B")).isEmpty();

        clock.now = clock.now.plus(Duration.ofMinutes(10));
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
