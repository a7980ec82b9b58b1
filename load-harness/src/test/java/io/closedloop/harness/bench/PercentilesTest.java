package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredIsTheRankItself() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).toArray());
        assertThat(p).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
    }

    @Test
    void everyFigureIsAMeasuredValueAndOrderDoesNotMatter() {
        Percentiles p = Percentiles.of(List.of(900L, 10L, 20L, 30L));
        assertThat(p.p50()).isEqualTo(20);
        assertThat(p.p95()).isEqualTo(900);
        assertThat(p.p99()).isEqualTo(900);
        assertThat(p.max()).isEqualTo(900);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        assertThat(Percentiles.of(new long[]{42})).isEqualTo(new Percentiles(1, 42, 42, 42, 42));
    }

    @Test
    void nothingMeasuredIsShownAsADash() {
        assertThat(Percentiles.of(List.of())).isEqualTo(Percentiles.NONE);
        assertThat(Percentiles.NONE.toString()).isEqualTo("-");
    }

    @Test
    void longDurationsAreShownInSeconds() {
        assertThat(Percentiles.ms(250)).isEqualTo("250 ms");
        assertThat(Percentiles.ms(12_345)).isEqualTo("12.3 s");
    }
}
