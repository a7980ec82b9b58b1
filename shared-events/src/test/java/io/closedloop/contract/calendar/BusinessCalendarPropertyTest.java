package io.closedloop.contract.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the arithmetic over many seeded random instants and durations across 2025-2026. */
class BusinessCalendarPropertyTest {

    private static final BusinessCalendar CN = BusinessCalendars.mainlandChina();
    private static final Instant FROM = Instant.parse("2024-12-31T16:00:00Z"); // 2025-01-01 00:00 in Shanghai
    private static final Instant TO = Instant.parse("2026-12-31T16:00:00Z");
    private static final int CASES = 3000;

    private static Instant anyInstant(Random random) {
        long span = Duration.between(FROM, TO).toMillis();
        return FROM.plusMillis((long) (random.nextDouble() * span));
    }

    private static Instant aWorkingInstant(Random random) {
        Instant instant;
        do {
            instant = anyInstant(random);
        } while (!CN.isWorkingTime(instant));
        return instant;
    }

    /** Up to 20 working days, to the millisecond, with short ones over-represented: they hit boundaries. */
    private static Duration anyWorkingTime(Random random) {
        long max = random.nextInt(4) == 0 ? Duration.ofMinutes(20 * 450).toMillis() : Duration.ofHours(4).toMillis();
        return Duration.ofMillis(1 + (long) (random.nextDouble() * max));
    }

    @Test
    void minusWorkingTimeUndoesPlusWorkingTimeFromAWorkingInstant() {
        Random random = new Random(20250926);
        for (int i = 0; i < CASES; i++) {
            Instant start = aWorkingInstant(random);
            Duration workingTime = anyWorkingTime(random);

            Instant due = CN.plusWorkingTime(start, workingTime);

            assertThat(CN.minusWorkingTime(due, workingTime)).as("%s + %s = %s", start, workingTime, due).isEqualTo(start);
        }
    }

    @Test
    void fromAnyInstantMinusAfterPlusComesBackToTheNextWorkingMoment() {
        Random random = new Random(20260215);
        for (int i = 0; i < CASES; i++) {
            Instant start = anyInstant(random);
            Duration workingTime = anyWorkingTime(random);

            assertThat(CN.minusWorkingTime(CN.plusWorkingTime(start, workingTime), workingTime))
                    .as("%s, %s", start, workingTime).isEqualTo(CN.nextWorkingMoment(start));
        }
    }

    @Test
    void theWorkingTimeBetweenAStartAndItsDueInstantIsTheWorkingTimeAdded() {
        Random random = new Random(1001);
        for (int i = 0; i < CASES; i++) {
            Instant start = anyInstant(random);
            Duration workingTime = anyWorkingTime(random);

            Instant due = CN.plusWorkingTime(start, workingTime);
            Instant warn = CN.minusWorkingTime(start, workingTime);

            assertThat(CN.workingTimeBetween(start, due)).as("%s + %s = %s", start, workingTime, due).isEqualTo(workingTime);
            assertThat(CN.workingTimeBetween(warn, start)).as("%s - %s = %s", start, workingTime, warn).isEqualTo(workingTime);
            // the due instant is working time or the very end of it, never somewhere in a night or a holiday
            assertThat(CN.isWorkingTime(due) || CN.isWorkingTime(due.minusNanos(1))).as("%s", due).isTrue();
            assertThat(CN.isWorkingTime(warn)).as("%s", warn).isTrue();
        }
    }

    @Test
    void plusWorkingTimeAgreesWithCountingWorkingMinutesOneByOne() {
        // an oracle with no cleverness: step a minute at a time and count the minutes that are working time
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            Instant start = anyInstant(random).truncatedTo(ChronoUnit.MINUTES);
            int minutes = 1 + random.nextInt(3 * 450);

            Instant expected = start;
            for (int left = minutes; left > 0; expected = expected.plus(Duration.ofMinutes(1))) {
                if (CN.isWorkingTime(expected)) {
                    left--;
                }
            }

            assertThat(CN.plusWorkingTime(start, Duration.ofMinutes(minutes))).as("%s + %d min", start, minutes)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theEndOfNWorkingDaysIsCloseOfBusinessOnTheNthWorkingDayAfterTheStartDay() {
        Random random = new Random(201);
        for (int i = 0; i < CASES; i++) {
            Instant start = anyInstant(random);
            int days = 1 + random.nextInt(30);

            Instant end = CN.endOfWorkingDays(start, days);

            LocalDate startDay = LocalDate.ofInstant(start, CN.zone());
            LocalDate endDay = LocalDate.ofInstant(end, CN.zone());
            int counted = 0;
            for (LocalDate d = startDay.plusDays(1); !d.isAfter(endDay); d = d.plusDays(1)) {
                counted += CN.isWorkingDay(d) ? 1 : 0;
            }
            assertThat(counted).as("%s + %d working days = %s", start, days, end).isEqualTo(days);
            assertThat(CN.isWorkingDay(endDay)).isTrue();
            assertThat(end).isEqualTo(endDay.atTime(18, 0).atZone(CN.zone()).toInstant());
        }
    }

    @Test
    void moreWorkingTimeNeverFallsDueEarlier() {
        Random random = new Random(7);
        for (int i = 0; i < CASES; i++) {
            Instant start = anyInstant(random);
            Duration shorter = anyWorkingTime(random);
            Duration longer = shorter.plus(anyWorkingTime(random));

            assertThat(CN.plusWorkingTime(start, longer)).isAfter(CN.plusWorkingTime(start, shorter));
            assertThat(CN.plusWorkingTime(start, shorter)).isAfter(start);
        }
    }
}
