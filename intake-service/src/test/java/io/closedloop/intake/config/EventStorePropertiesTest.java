package io.closedloop.intake.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStorePropertiesTest {

    static final Duration POLL = Duration.ofMillis(200);

    @Test
    void theDefaultsOutlastTwoOfTheDefaultTransactionsAndTheClockSkew() {
        assertThatCode(() -> new EventStoreProperties(Duration.ofMinutes(5), 1_000_000, Duration.ofSeconds(30), POLL)
                .checkAgainst(Duration.ofSeconds(60))).doesNotThrowAnyException();
    }

    @Test
    void aGapTimeoutThatATransactionCouldOutliveIsRefusedAtStart() {
        // Axon's own default: one minute, which a relay running behind passes
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofMinutes(1), 1_000_000, Duration.ofSeconds(30), POLL)
                .checkAgainst(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gap-timeout (PT1M)")
                .hasMessageContaining("spring.transaction.default-timeout (PT1M)");
    }

    @Test
    void withoutABoundOnTransactionsNoGapTimeoutIsSafe() {
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofHours(1), 1_000_000, Duration.ofSeconds(30), POLL)
                .checkAgainst(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.transaction.default-timeout must be set");
    }

    @Test
    void aSmallMaxGapOffsetIsRefused() {
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofMinutes(5), 500, Duration.ofSeconds(30), POLL)
                .checkAgainst(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max-gap-offset");
    }

    @Test
    void aPollIntervalOfZeroIsRefused() {
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofMinutes(5), 1_000_000, Duration.ofSeconds(30),
                Duration.ZERO).checkAgainst(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("poll-interval");
    }
}
