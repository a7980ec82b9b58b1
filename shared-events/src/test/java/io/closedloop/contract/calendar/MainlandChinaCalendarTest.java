package io.closedloop.contract.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped calendar against the State Council's notices, typed in here from the notices, not from the file. */
class MainlandChinaCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final BusinessCalendar CN = BusinessCalendars.mainlandChina();
    private static final Duration WORKING_DAY = Duration.ofMinutes(7 * 60 + 30);

    static Instant cst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    // 国办发明电〔2024〕12号 (2024-11-12)
    private static final String[] HOLIDAYS_2025 = {
            "2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05",
            "2025-05-31..2025-06-02", "2025-10-01..2025-10-08"};
    private static final String[] WORKDAYS_2025 = {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"};
    // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
    private static final String[] HOLIDAYS_2026 = {
            "2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05",
            "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07"};
    private static final String[] WORKDAYS_2026 = {
            "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"};

    static Stream<LocalDate> holidays() {
        return Stream.concat(expand(HOLIDAYS_2025), expand(HOLIDAYS_2026));
    }

    static Stream<LocalDate> makeUpWorkingDays() {
        return Stream.concat(expand(WORKDAYS_2025), expand(WORKDAYS_2026));
    }

    private static Stream<LocalDate> expand(String[] ranges) {
        List<LocalDate> days = new ArrayList<>();
        for (String range : ranges) {
            String[] ends = range.split("\\.\\.");
            LocalDate last = LocalDate.parse(ends[ends.length - 1]);
            for (LocalDate d = LocalDate.parse(ends[0]); !d.isAfter(last); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        return days.stream();
    }

    @ParameterizedTest(name = "{0} is a holiday")
    @MethodSource("holidays")
    void everyPublishedHolidayIsNotAWorkingDay(LocalDate day) {
        assertThat(CN.isWorkingDay(day)).isFalse();
        assertThat(CN.isWorkingTime(cst(day + "T10:00"))).isFalse();
        assertThat(CN.covers(day)).isTrue();
    }

    @ParameterizedTest(name = "{0} is a make-up working day")
    @MethodSource("makeUpWorkingDays")
    void everyPublishedMakeUpWorkingDayIsAWorkingDayThoughItIsAWeekendDay(LocalDate day) {
        assertThat(day.getDayOfWeek().getValue()).as("falls on a weekend day").isGreaterThanOrEqualTo(6);
        assertThat(CN.isWorkingDay(day)).isTrue();
        assertThat(CN.isWorkingTime(cst(day + "T10:00"))).isTrue();
    }

    @Test
    void theShippedFileHoldsExactlyThePublishedDatesNoMoreNoLess() {
        List<LocalDate> listedHolidays = CN.document().years().stream()
                .flatMap(y -> y.holidays().stream()).map(CalendarDocument.NamedDate::date).toList();
        List<LocalDate> listedWorkdays = CN.document().years().stream()
                .flatMap(y -> y.workdays().stream()).map(CalendarDocument.NamedDate::date).toList();

        assertThat(listedHolidays).containsExactlyElementsOf(holidays().toList());
        assertThat(listedWorkdays).containsExactlyElementsOf(makeUpWorkingDays().toList());
    }

    @ParameterizedTest(name = "{0} is an ordinary working day")
    @ValueSource(strings = {"2025-01-02", "2025-01-27", "2025-02-05", "2025-03-12", "2025-06-03", "2025-09-29",
            "2025-10-09", "2025-12-31", "2026-01-05", "2026-02-24", "2026-06-18", "2026-10-08", "2026-12-31"})
    void ordinaryWeekdaysAreWorkingDays(String day) {
        assertThat(CN.isWorkingDay(LocalDate.parse(day))).isTrue();
    }

    @ParameterizedTest(name = "{0} is an ordinary weekend day")
    @ValueSource(strings = {"2025-01-25", "2025-03-15", "2025-03-16", "2025-09-27", "2025-10-12", "2026-01-10",
            "2026-02-07", "2026-03-01", "2026-10-11", "2026-12-27"})
    void ordinaryWeekendDaysAreNotWorkingDays(String day) {
        assertThat(CN.isWorkingDay(LocalDate.parse(day))).isFalse();
    }

    @Test
    void theCalendarIsMainlandChinaInShanghaiTimeAtVersionOne() {
        assertThat(CN.id()).isEqualTo("cn-mainland");
        assertThat(CN.version()).isEqualTo("cn-mainland@1");
        assertThat(CN.zone()).isEqualTo(SHANGHAI);
        assertThat(CN.years()).containsExactly(2025, 2026);
        assertThat(BusinessCalendars.mainlandChina()).as("loaded once, shared").isSameAs(CN);
    }

    @Test
    void changingTheShippedFileRequiresANewVersion() throws Exception {
        // Deadlines carry "cn-mainland@1"; a replay must find the same dates under that version. When you
        // change cn-mainland.json, bump BusinessCalendars.MAINLAND_CHINA_VERSION and then this hash.
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream(BusinessCalendars.MAINLAND_CHINA_RESOURCE)) {
            bytes = in.readAllBytes();
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(BusinessCalendars.MAINLAND_CHINA_VERSION + " " + sha256)
                .isEqualTo("cn-mainland@1 " + "000d02e60c44d3dae0860e5b177b19d7f030d8c1fb463437194e472171459a41");
    }

    @Test
    void springFestival2026IsNineDaysOffBetweenTwoMakeUpSaturdays() {
        LocalDate day = LocalDate.parse("2026-02-15");
        int off = 0;
        while (!CN.isWorkingDay(day)) {
            off++;
            day = day.plusDays(1);
        }

        assertThat(off).isEqualTo(9);
        assertThat(day).isEqualTo("2026-02-24");
        assertThat(CN.isWorkingDay(LocalDate.parse("2026-02-14"))).as("Saturday before").isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2026-02-28"))).as("Saturday after").isTrue();
    }

    @ParameterizedTest(name = "Friday {0} 17:00 + 2 working hours lands on make-up Saturday 10:00")
    @ValueSource(strings = {"2026-02-13", "2026-02-27", "2026-10-09"})
    void aMakeUpSaturdayCounts(String friday) {
        LocalDate saturday = LocalDate.parse(friday).plusDays(1);

        assertThat(CN.plusWorkingTime(cst(friday + "T17:00"), Duration.ofHours(2))).isEqualTo(cst(saturday + "T10:00"));
        assertThat(CN.endOfWorkingDays(cst(friday + "T10:00"), 1)).isEqualTo(cst(saturday + "T18:00"));
        assertThat(CN.workingTimeBetween(cst(friday + "T18:00"), cst(saturday.plusDays(1) + "T00:00")))
                .isEqualTo(WORKING_DAY);
    }

    @Test
    void fiveWorkingDaysFromFridayEveningBeforeNationalDaySkipTheHolidayAndCountTheMakeUpSunday() {
        // Fri 2025-09-26 17:55 is the start day, not counted. Sat 09-27 off; Sun 09-28 make-up day (1);
        // Mon 09-29 (2); Tue 09-30 (3); Oct 1-8 National Day and Mid-Autumn; Thu 10-09 (4); Fri 10-10 (5).
        Instant start = cst("2025-09-26T17:55");

        assertThat(CN.endOfWorkingDays(start, 5)).isEqualTo(Instant.parse("2025-10-10T10:00:00Z"));
        assertThat(CN.endOfWorkingDays(start, 5)).isEqualTo(cst("2025-10-10T18:00"));
    }

    @Test
    void fiveWorkingDaysOfWorkingTimeFromFridayEveningBeforeNationalDayEndFiveMinutesEarlier() {
        // 5 x 7h30 = 37h30 of working time. Fri 09-26 17:55-18:00 uses 5 min: 37h25 left. Sat 09-27 off.
        // Sun 09-28 (make-up) 7h30: 29h55 left. Mon 09-29: 22h25. Tue 09-30: 14h55. Oct 1-8 off.
        // Thu 10-09: 7h25 left. Fri 10-10 09:00-12:00 uses 3h: 4h25 left; 13:30 + 4h25 = 17:55.
        // Unlike endOfWorkingDays, working time counts the 5 minutes of the start day.
        Instant start = cst("2025-09-26T17:55");

        Instant due = CN.plusWorkingTime(start, WORKING_DAY.multipliedBy(5));

        assertThat(due).isEqualTo(cst("2025-10-10T17:55"));
        assertThat(CN.workingTimeBetween(start, due)).isEqualTo(WORKING_DAY.multipliedBy(5));
        assertThat(CN.minusWorkingTime(due, WORKING_DAY.multipliedBy(5))).isEqualTo(start);
    }

    @Test
    void twoMinutesFromOneMinuteBeforeLunchEndOneMinuteAfterLunch() {
        assertThat(CN.plusWorkingTime(cst("2025-03-12T11:59"), Duration.ofMinutes(2))).isEqualTo(cst("2025-03-12T13:31"));
    }

    @Test
    void oneMinuteFromLunchIsOneMinuteAfterLunch() {
        assertThat(CN.isWorkingTime(cst("2025-03-12T12:30"))).isFalse();
        assertThat(CN.plusWorkingTime(cst("2025-03-12T12:30"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-12T13:31"));
        assertThat(CN.nextWorkingMoment(cst("2025-03-12T12:30"))).isEqualTo(cst("2025-03-12T13:30"));
    }

    @Test
    void eighteenHundredIsAlreadyAfterHoursSoTheNextMinuteIsTomorrowMorning() {
        assertThat(CN.isWorkingTime(cst("2025-03-12T18:00"))).isFalse();
        assertThat(CN.isWorkingTime(cst("2025-03-12T17:59:59.999999999"))).isTrue();
        assertThat(CN.plusWorkingTime(cst("2025-03-12T18:00"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-13T09:01"));
        assertThat(CN.nextWorkingMoment(cst("2025-03-12T18:00"))).isEqualTo(cst("2025-03-13T09:00"));
    }

    @Test
    void fridayAfterHoursRunsOnToMondayMorning() {
        assertThat(CN.plusWorkingTime(cst("2025-03-14T18:00"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-17T09:01"));
    }

    @Test
    void beforeOpeningTheClockStartsAtNine() {
        assertThat(CN.isWorkingTime(cst("2025-03-12T08:00"))).isFalse();
        assertThat(CN.isWorkingTime(cst("2025-03-12T09:00"))).isTrue();
        assertThat(CN.plusWorkingTime(cst("2025-03-12T08:00"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-12T09:01"));
    }

    @Test
    void landingExactlyOnTheEndOfAnIntervalReturnsThatEnd() {
        assertThat(CN.plusWorkingTime(cst("2025-03-12T17:55"), Duration.ofMinutes(5))).isEqualTo(cst("2025-03-12T18:00"));
        assertThat(CN.plusWorkingTime(cst("2025-03-12T11:55"), Duration.ofMinutes(5))).isEqualTo(cst("2025-03-12T12:00"));
        assertThat(CN.plusWorkingTime(cst("2025-03-12T09:00"), WORKING_DAY)).isEqualTo(cst("2025-03-12T18:00"));
        assertThat(CN.plusWorkingTime(cst("2025-03-12T08:00"), WORKING_DAY.multipliedBy(2))).isEqualTo(cst("2025-03-13T18:00"));
    }

    @Test
    void startingOnAHolidayTheClockWaitsForTheFirstWorkingDayAfterIt() {
        assertThat(CN.plusWorkingTime(cst("2025-10-03T10:00"), Duration.ofHours(1))).isEqualTo(cst("2025-10-09T10:00"));
        assertThat(CN.nextWorkingMoment(cst("2025-10-03T10:00"))).isEqualTo(cst("2025-10-09T09:00"));
        assertThat(CN.endOfWorkingDays(cst("2025-10-03T10:00"), 1)).isEqualTo(cst("2025-10-09T18:00"));
    }

    @Test
    void aMinuteBeforeMidnightOnTheEveOfAHolidayRunsOnToAfterTheHoliday() {
        assertThat(CN.plusWorkingTime(cst("2025-09-30T23:59"), Duration.ofMinutes(1))).isEqualTo(cst("2025-10-09T09:01"));
        assertThat(CN.endOfWorkingDays(cst("2025-09-30T23:59"), 1)).isEqualTo(cst("2025-10-09T18:00"));
        // Saturday 2026-02-14 is a make-up working day and the eve of the nine days of Spring Festival
        assertThat(CN.plusWorkingTime(cst("2026-02-14T23:59"), Duration.ofHours(1))).isEqualTo(cst("2026-02-24T10:00"));
    }

    @Test
    void zeroWorkingTimeLeavesTheStartAsItIsEvenOutsideWorkingTime() {
        Instant sundayNight = cst("2025-03-16T03:00");

        assertThat(CN.plusWorkingTime(sundayNight, Duration.ZERO)).isEqualTo(sundayNight);
        assertThat(CN.minusWorkingTime(sundayNight, Duration.ZERO)).isEqualTo(sundayNight);
    }

    @Test
    void minusWorkingTimeGoesBackAcrossLunchNightsAndHolidays() {
        assertThat(CN.minusWorkingTime(cst("2025-03-12T13:30"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-12T11:59"));
        assertThat(CN.minusWorkingTime(cst("2025-03-12T13:31"), Duration.ofMinutes(2))).isEqualTo(cst("2025-03-12T11:59"));
        assertThat(CN.minusWorkingTime(cst("2025-03-12T12:30"), Duration.ofMinutes(1))).isEqualTo(cst("2025-03-12T11:59"));
        assertThat(CN.minusWorkingTime(cst("2025-03-13T09:00"), Duration.ofMinutes(5))).isEqualTo(cst("2025-03-12T17:55"));
        assertThat(CN.minusWorkingTime(cst("2025-10-09T09:00"), Duration.ofMinutes(1))).isEqualTo(cst("2025-09-30T17:59"));
        // the early warning "2 working hours before due" for the National Day example
        assertThat(CN.minusWorkingTime(cst("2025-10-10T18:00"), Duration.ofHours(2))).isEqualTo(cst("2025-10-10T16:00"));
        assertThat(CN.minusWorkingTime(cst("2025-10-09T10:00"), Duration.ofHours(2))).isEqualTo(cst("2025-09-30T17:00"));
    }

    @Test
    void workingTimeBetweenCountsOnlyBusinessHours() {
        assertThat(CN.workingTimeBetween(cst("2025-03-12T08:00"), cst("2025-03-12T20:00"))).isEqualTo(WORKING_DAY);
        assertThat(CN.workingTimeBetween(cst("2025-03-12T11:00"), cst("2025-03-12T14:00"))).isEqualTo(Duration.ofMinutes(90));
        assertThat(CN.workingTimeBetween(cst("2025-09-30T09:00"), cst("2025-10-09T09:00"))).isEqualTo(WORKING_DAY);
        assertThat(CN.workingTimeBetween(cst("2026-02-13T18:00"), cst("2026-02-24T09:00"))).as("only the make-up Saturday")
                .isEqualTo(WORKING_DAY);
        assertThat(CN.workingTimeBetween(cst("2025-03-12T14:00"), cst("2025-03-12T11:00"))).isZero();
        assertThat(CN.workingTimeBetween(cst("2025-03-12T14:00"), cst("2025-03-12T14:00"))).isZero();
    }

    @Test
    void aWholeCoveredYearHasTheNumberOfWorkingDaysTheNoticesImply() {
        // By hand, 2025: 365 days - 104 weekend days - 18 holidays on weekdays (元旦 1, 春节 6, 清明 1,
        // 劳动节 3, 端午 1, 国庆中秋 6) + 5 make-up days = 248.
        // 2026: 365 - 104 - 19 (元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆 5) + 6 = 248.
        assertThat(workingDays(2025)).isEqualTo(248);
        assertThat(workingDays(2026)).isEqualTo(248);
        assertThat(CN.workingTimeBetween(cst("2025-01-01T00:00"), cst("2026-01-01T00:00")))
                .isEqualTo(WORKING_DAY.multipliedBy(248));
    }

    private static int workingDays(int year) {
        int count = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            count += CN.isWorkingDay(d) ? 1 : 0;
        }
        return count;
    }

    @Test
    void aYearOutsideTheNoticesFollowsTheWeeklyPatternAndIsNotCovered() {
        LocalDate nationalDay2027 = LocalDate.parse("2027-10-01");

        assertThat(CN.covers(nationalDay2027)).isFalse();
        assertThat(CN.covers(LocalDate.parse("2024-12-31"))).isFalse();
        assertThat(CN.covers(LocalDate.parse("2026-12-31"))).isTrue();
        // a Friday: a holiday in reality, a working day until the 2027 notice is added
        assertThat(CN.isWorkingDay(nationalDay2027)).isTrue();
        assertThat(CN.isWorkingDay(LocalDate.parse("2027-10-02"))).isFalse();
        assertThat(CN.endOfWorkingDays(cst("2027-09-30T10:00"), 1)).isEqualTo(cst("2027-10-01T18:00"));
        assertThat(CN.plusWorkingTime(cst("2026-12-31T17:00"), Duration.ofHours(2))).as("runs on into 2027")
                .isEqualTo(cst("2027-01-01T10:00"));
    }
}
