package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrivalProfileTest {

    @Test
    void theShippedProfileIsTheWholeNyc311Day() throws IOException {
        ArrivalProfile day = ArrivalProfile.shipped();
        assertThat(day.total()).isEqualTo(6_594);
        assertThat(day.perMinute()[0]).isEqualTo(6); // 00:00 on 21 October 2018
    }

    @Test
    void compressingTheDayScalesTheRateAndWalksThroughTheMinutes() {
        int[] counts = new int[1440];
        counts[0] = 6;
        counts[1] = 12;
        ArrivalProfile day = new ArrivalProfile(counts);
        // 60 times faster: a minute of the day lasts one second and its 6 arrivals come in that second
        assertThat(day.ratePerSecond(0.5, 60, 0)).isEqualTo(6.0);
        assertThat(day.ratePerSecond(1.5, 60, 0)).isEqualTo(12.0);
        assertThat(day.ratePerSecond(0.5, 60, 1)).isEqualTo(12.0);
        assertThat(day.ratePerSecond(0.5, 60, 1439)).isEqualTo(0.0);
    }

    @Test
    void theScheduleSpreadsEachMinutesArrivalsEvenlyOverItsCompressedLength() {
        int[] counts = new int[1440];
        counts[0] = 4;
        counts[1] = 2;
        long[] schedule = new ArrivalProfile(counts).schedule(2, 60, 0);
        assertThat(schedule).containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L, 1_500_000_000L);
    }

    @Test
    void theScheduleEndsWithTheDurationAndWrapsAroundMidnight() {
        int[] counts = new int[1440];
        counts[1439] = 2;
        counts[0] = 2;
        long[] schedule = new ArrivalProfile(counts).schedule(1.5, 60, 1439);
        assertThat(schedule).containsExactly(0L, 500_000_000L, 1_000_000_000L);
    }

    @Test
    void aFixedRateIsEvenlySpaced() {
        assertThat(ArrivalProfile.fixedRate(1, 4)).containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L);
    }

    @Test
    void readsCreatedDateInBothFormatsAndTakesTheBusiestDay() throws IOException {
        String csv = """
                Unique Key,Created Date,Agency
                1,10/21/18 0:00,NYPD
                2,10/21/18 0:00,NYPD
                3,10/21/18 13:05,HPD
                4,10/22/2018 01:02:03 AM,HPD
                """;
        ArrivalProfile day = ArrivalProfile.fromNyc311(new StringReader(csv));
        assertThat(day.total()).isEqualTo(3);
        assertThat(day.perMinute()[0]).isEqualTo(2);
        assertThat(day.perMinute()[13 * 60 + 5]).isEqualTo(1);
    }

    @Test
    void aDateItCannotReadIsNamed() {
        assertThatThrownBy(() -> ArrivalProfile.fromNyc311(new StringReader("Created Date\nyesterday\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("yesterday");
    }
}
