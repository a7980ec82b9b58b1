package io.closedloop.analytics.hotspot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SurgeTestTest {

    @Test
    void upperTailMatchesThePoissonDistribution() {
        // P(X >= 1 | 2) = 1 - e^-2; P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
        assertThat(SurgeTest.upperTail(1, 2.0)).isCloseTo(1 - Math.exp(-2), within(1e-12));
        assertThat(SurgeTest.upperTail(3, 1.0)).isCloseTo(1 - Math.exp(-1) * 2.5, within(1e-12));
        assertThat(SurgeTest.upperTail(0, 5.0)).isEqualTo(1.0);
        assertThat(SurgeTest.upperTail(400, 300.0)).isBetween(0.0, 1e-6);
    }

    @Test
    void aTopicIsASurgeOnlyWhenItIsBothBusyAndUnlikelyAtItsOwnRate() {
        assertThat(SurgeTest.isSurge(12, 1.0, 5, 0.001)).isTrue();
        // busy, but no more than usual
        assertThat(SurgeTest.isSurge(12, 10.0, 5, 0.001)).isFalse();
        // unusual, but too few to warn anyone about
        assertThat(SurgeTest.isSurge(4, 0.1, 5, 0.001)).isFalse();
    }
}
