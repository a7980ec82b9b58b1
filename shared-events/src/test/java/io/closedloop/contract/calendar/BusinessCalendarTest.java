package io.closedloop.contract.calendar;

import io.closedloop.contract.calendar.CalendarDocument.BusinessHours;
import io.closedloop.contract.calendar.CalendarDocument.NamedDate;
import io.closedloop.contract.calendar.CalendarDocument.YearEntry;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The arithmetic's rules that do not depend on mainland China's data: zones with DST, limits, refusals. */
class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BusinessCalendar CN = BusinessCalendars.mainlandChina();

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static BusinessCalendar berlinCalendar(List<DayOfWeek> weekend, String from, String to) {
        return new BusinessCalendar(new CalendarDocument("de-test", "Berlin test", "Europe/Berlin", weekend,
                List.of(new BusinessHours(LocalTime.parse(from), LocalTime.parse(to))), List.of()), "de-test@1");
    }

    @Test
    void acrossTheSpringDaylightSavingChangeMondayOpensAtNineSummerTime() {
        // Sunday 2025-03-30 02:00 CET became 03:00 CEST. Fri 16:00 CET (15:00Z) + 2 h: 1 h on Friday,
        // 1 h on Monday from 09:00 CEST (07:00Z), so 10:00 CEST = 08:00Z, not 09:00Z as fixed UTC+1 would say.
        BusinessCalendar de = berlinCalendar(List.of(SATURDAY, SUNDAY), "09:00", "17:00");
        Instant friday = berlin("2025-03-28T16:00");

        Instant due = de.plusWorkingTime(friday, Duration.ofHours(2));

        assertThat(due).isEqualTo(Instant.parse("2025-03-31T08:00:00Z")).isEqualTo(berlin("2025-03-31T10:00"));
        assertThat(de.workingTimeBetween(friday, due)).isEqualTo(Duration.ofHours(2));
        assertThat(de.minusWorkingTime(due, Duration.ofHours(2))).isEqualTo(friday);
        assertThat(de.endOfWorkingDays(friday, 1)).isEqualTo(Instant.parse("2025-03-31T15:00:00Z"));
    }

    @Test
    void acrossTheAutumnDaylightSavingChangeMondayOpensAtNineWinterTime() {
        BusinessCalendar de = berlinCalendar(List.of(SATURDAY, SUNDAY), "09:00", "17:00");

        assertThat(de.plusWorkingTime(berlin("2025-10-24T16:00"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2025-10-27T09:00:00Z"));
    }

    @Test
    void workingTimeIsElapsedTimeSoAnIntervalSpanningTheChangeIsAnHourShorterOrLonger() {
        BusinessCalendar night = berlinCalendar(List.of(), "00:00", "06:00");
        Instant springDay = berlin("2025-03-30T00:00");
        Instant autumnDay = berlin("2025-10-26T00:00");

        assertThat(night.workingTimeBetween(springDay, berlin("2025-03-31T00:00"))).isEqualTo(Duration.ofHours(5));
        assertThat(night.plusWorkingTime(springDay, Duration.ofHours(5))).isEqualTo(berlin("2025-03-30T06:00"));
        assertThat(night.plusWorkingTime(springDay, Duration.ofHours(5).plusMinutes(1))).isEqualTo(berlin("2025-03-31T00:01"));
        assertThat(night.workingTimeBetween(autumnDay, berlin("2025-10-27T00:00"))).isEqualTo(Duration.ofHours(7));
        assertThat(night.plusWorkingTime(autumnDay, Duration.ofHours(7))).isEqualTo(berlin("2025-10-26T06:00"));
    }

    @Test
    void anIntervalThatFallsInTheSkippedHourIsEmptyThatDayAndNeverTurnsInsideOut() {
        BusinessCalendar skipped = berlinCalendar(List.of(), "02:00", "03:00");
        BusinessCalendar straddling = berlinCalendar(List.of(), "02:15", "04:00");
        Instant springDay = berlin("2025-03-30T00:00");

        assertThat(skipped.workingTimeBetween(springDay, berlin("2025-03-31T00:00"))).isZero();
        assertThat(skipped.nextWorkingMoment(springDay)).isEqualTo(berlin("2025-03-31T02:00"));
        assertThat(skipped.plusWorkingTime(springDay, Duration.ofMinutes(1))).isEqualTo(berlin("2025-03-31T02:01"));
        assertThat(skipped.minusWorkingTime(berlin("2025-03-31T02:01"), Duration.ofMinutes(2)))
                .isEqualTo(berlin("2025-03-29T02:59"));
        // 02:15 does not exist that day: the interval starts when the clocks jump (03:00 CEST) and lasts 1 h
        assertThat(straddling.workingTimeBetween(springDay, berlin("2025-03-31T00:00"))).isEqualTo(Duration.ofHours(1));
        assertThat(straddling.nextWorkingMoment(springDay)).isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
    }

    @Test
    void aCalendarWithNoWorkingDayInTheWeekIsRefusedWhenBuilt() {
        CalendarDocument allWeekend = new CalendarDocument("never", "Never", "UTC", List.of(DayOfWeek.values()),
                List.of(new BusinessHours(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());

        assertThatThrownBy(() -> new BusinessCalendar(allWeekend, "never@1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calendar never is not valid: weekend: all seven days are weekend days:"
                        + " the calendar needs a working day");
    }

    @Test
    void aCalendarWithNoWorkingDaysWithinReachFailsFastInsteadOfHanging() {
        // every weekday of 2025-2035 a holiday: eleven years without a single working day
        List<YearEntry> years = new ArrayList<>();
        for (int year = 2025; year <= 2035; year++) {
            List<NamedDate> holidays = new ArrayList<>();
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                if (d.getDayOfWeek() != SATURDAY && d.getDayOfWeek() != SUNDAY) {
                    holidays.add(new NamedDate(d, "closed"));
                }
            }
            years.add(new YearEntry(year, "closed for good", holidays, List.of()));
        }
        BusinessCalendar closed = new BusinessCalendar(new CalendarDocument("closed", "Closed", "UTC",
                List.of(SATURDAY, SUNDAY), List.of(new BusinessHours(LocalTime.of(9, 0), LocalTime.of(17, 0))), years),
                "closed@1");
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        Instant end = Instant.parse("2035-12-31T00:00:00Z");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThatThrownBy(() -> closed.plusWorkingTime(start, Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("calendar closed@1: PT1M of working time after 2025-01-01T00:00:00Z lies more than"
                            + " 3660 calendar days away; refusing to search further (does the calendar have working days?)");
            assertThatThrownBy(() -> closed.nextWorkingMoment(start))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3660 calendar days");
            assertThatThrownBy(() -> closed.endOfWorkingDays(start, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3660 calendar days");
            assertThatThrownBy(() -> closed.minusWorkingTime(end, Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3660 calendar days");
        });
    }

    @Test
    void aDeadlineMoreThanTenYearsAwayIsRefusedNotSearchedFor() {
        Instant start = Instant.parse("2025-03-12T01:00:00Z");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThatThrownBy(() -> CN.plusWorkingTime(start, Duration.ofDays(2000)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 3660 calendar days");
            assertThatThrownBy(() -> CN.minusWorkingTime(start, Duration.ofDays(2000)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 3660 calendar days");
            assertThatThrownBy(() -> CN.endOfWorkingDays(start, 5000))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 3660 calendar days");
            assertThatThrownBy(() -> CN.workingTimeBetween(start, start.plus(Duration.ofDays(3700))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 3660 calendar days");
        });
    }

    @Test
    void aLongDurationIsComputedDayByDayNotMinuteByMinute() {
        Instant start = Instant.parse("2025-03-12T01:00:00Z");
        Duration fiveYearsOfWork = Duration.ofMinutes(450).multipliedBy(1200);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            Instant due = CN.plusWorkingTime(start, fiveYearsOfWork);
            assertThat(CN.workingTimeBetween(start, due)).isEqualTo(fiveYearsOfWork);
            assertThat(CN.minusWorkingTime(due, fiveYearsOfWork)).isEqualTo(start);
        });
    }

    @Test
    void negativeDurationsAndFewerThanOneDayAreRefused() {
        Instant start = Instant.parse("2025-03-12T01:00:00Z");

        assertThatThrownBy(() -> CN.plusWorkingTime(start, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("working time must not be negative, was PT-1M");
        assertThatThrownBy(() -> CN.minusWorkingTime(start, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CN.endOfWorkingDays(start, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("days must be at least 1, was 0");
    }

    @Test
    void anInvalidDocumentIsRefusedWithEveryProblemNamed() {
        CalendarDocument broken = new CalendarDocument("Bad", "x", "Nowhere/Town", List.of(),
                List.of(new BusinessHours(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());

        assertThatThrownBy(() -> new BusinessCalendar(broken, "bad@1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id: must match")
                .hasMessageContaining("zone: \"Nowhere/Town\" is not a time zone id");
    }

    @Test
    void aVersionIsRequiredBecauseEveryDeadlineIsStampedWithIt() {
        CalendarDocument document = CN.document();

        assertThatThrownBy(() -> new BusinessCalendar(document, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version is required");
        assertThat(new BusinessCalendar(document, "cn-mainland@7").version()).isEqualTo("cn-mainland@7");
    }

    @Test
    void aNewYearAddedByTheAdminTakesEffectInTheNextVersion() {
        YearEntry y2027 = new YearEntry(2027, "notice 2027", List.of(new NamedDate(LocalDate.parse("2027-10-01"), "国庆节")),
                List.of());

        BusinessCalendar next = new BusinessCalendar(CN.document().withYear(y2027), "cn-mainland@2");

        assertThat(next.covers(LocalDate.parse("2027-10-01"))).isTrue();
        assertThat(next.isWorkingDay(LocalDate.parse("2027-10-01"))).isFalse();
        assertThat(CN.isWorkingDay(LocalDate.parse("2027-10-01"))).as("the shipped version is unchanged").isTrue();
    }

    @Test
    void oneCalendarServesManyThreadsAtOnce() throws Exception {
        Instant start = LocalDateTime.parse("2025-09-26T17:55").atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Instant>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> CN.endOfWorkingDays(start, 5)));
            }
            for (Future<Instant> result : results) {
                assertThat(result.get()).isEqualTo(Instant.parse("2025-10-10T10:00:00Z"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
