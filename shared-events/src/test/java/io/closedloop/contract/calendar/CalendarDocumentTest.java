package io.closedloop.contract.calendar;

import io.closedloop.contract.calendar.CalendarDocument.BusinessHours;
import io.closedloop.contract.calendar.CalendarDocument.NamedDate;
import io.closedloop.contract.calendar.CalendarDocument.Problem;
import io.closedloop.contract.calendar.CalendarDocument.YearEntry;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarDocumentTest {

    private static final List<BusinessHours> CN_HOURS = List.of(hours("09:00", "12:00"), hours("13:30", "18:00"));

    static BusinessHours hours(String from, String to) {
        return new BusinessHours(LocalTime.parse(from), LocalTime.parse(to));
    }

    static NamedDate day(String date, String name) {
        return new NamedDate(LocalDate.parse(date), name);
    }

    /** A small valid document; each validation test breaks one thing in it. */
    static CalendarDocument valid() {
        return new CalendarDocument("test-cn", "Test", "Asia/Shanghai", List.of(SATURDAY, SUNDAY), CN_HOURS, List.of(
                new YearEntry(2025, "notice 2025", List.of(day("2025-01-01", "元旦")), List.of(day("2025-01-26", "调休"))),
                new YearEntry(2026, "notice 2026", List.of(day("2026-01-01", "元旦"), day("2026-02-16", "春节")),
                        List.of(day("2026-02-14", "调休")))));
    }

    private static CalendarDocument withYears(YearEntry... years) {
        CalendarDocument d = valid();
        return new CalendarDocument(d.id(), d.name(), d.zone(), d.weekend(), d.businessHours(), Arrays.asList(years));
    }

    private static CalendarDocument withHours(BusinessHours... hours) {
        CalendarDocument d = valid();
        return new CalendarDocument(d.id(), d.name(), d.zone(), d.weekend(), List.of(hours), d.years());
    }

    private static List<String> problems(CalendarDocument document) {
        return document.validate().stream().map(Problem::toString).toList();
    }

    @Test
    void theSampleDocumentIsValid() {
        assertThat(valid().validate()).isEmpty();
    }

    @Test
    void theShippedMainlandChinaFileValidatesClean() throws Exception {
        CalendarDocument shipped;
        try (InputStream in = getClass().getResourceAsStream("/calendars/cn-mainland.json")) {
            shipped = CalendarDocument.load(in);
        }

        assertThat(shipped.validate()).isEmpty();
        assertThat(shipped.id()).isEqualTo("cn-mainland");
        assertThat(shipped.years()).extracting(YearEntry::year).containsExactly(2025, 2026);
    }

    @Test
    void theJsonFormReadsAsTheBriefShowsIt() {
        String json = """
                {"id":"cn-mainland","name":"中国大陆 / Mainland China","zone":"Asia/Shanghai",
                 "weekend":["SATURDAY","SUNDAY"],
                 "businessHours":[{"from":"09:00","to":"12:00"},{"from":"13:30","to":"18:00"}],
                 "years":[{"year":2025,"source":"国办发明电〔2024〕12号",
                           "holidays":[{"date":"2025-01-01","name":"元旦"}],
                           "workdays":[{"date":"2025-01-26","name":"春节调休上班"}]}]}
                """;

        CalendarDocument document = CalendarDocument.load(stream(json));

        assertThat(document).isEqualTo(new CalendarDocument("cn-mainland", "中国大陆 / Mainland China", "Asia/Shanghai",
                List.of(SATURDAY, SUNDAY), CN_HOURS, List.of(new YearEntry(2025, "国办发明电〔2024〕12号",
                        List.of(day("2025-01-01", "元旦")), List.of(day("2025-01-26", "春节调休上班"))))));
        assertThat(document.validate()).isEmpty();
    }

    @Test
    void aDocumentSurvivesARoundTripThroughTheContractJson() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(valid());

        assertThat(CalendarDocument.load(stream(json))).isEqualTo(valid());
    }

    @Test
    void unreadableJsonIsAnUncheckedIoExceptionSayingWhy() {
        assertThatThrownBy(() -> CalendarDocument.load(stream("{\"weekend\":[\"SAT\"]}")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read calendar document");
    }

    @Test
    void theDocumentCannotBeChangedThroughItsLists() {
        List<DayOfWeek> weekend = new ArrayList<>(List.of(SATURDAY));
        CalendarDocument document = new CalendarDocument("x", "x", "UTC", weekend, CN_HOURS, List.of());
        weekend.add(SUNDAY);

        assertThat(document.weekend()).containsExactly(SATURDAY);
        assertThatThrownBy(() -> document.weekend().add(SUNDAY)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anIdOutsideTheAllowedPatternIsAProblem() {
        for (String id : new String[] {null, "", "CN-Mainland", "cn mainland", "a".repeat(41)}) {
            CalendarDocument d = valid();
            assertThat(problems(new CalendarDocument(id, d.name(), d.zone(), d.weekend(), d.businessHours(), d.years())))
                    .as("id %s", id)
                    .singleElement().asString().startsWith("id: must match [a-z0-9-]{1,40}");
        }
        CalendarDocument d = valid();
        assertThat(new CalendarDocument("a".repeat(40), d.name(), d.zone(), d.weekend(), d.businessHours(), d.years())
                .validate()).isEmpty();
    }

    @Test
    void aMissingNameIsAProblem() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), " ", d.zone(), d.weekend(), d.businessHours(), d.years())))
                .containsExactly("name: required");
    }

    @Test
    void aZoneThatIsNoTimeZoneIdIsAProblem() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), d.name(), "China/Beijing", d.weekend(), d.businessHours(), d.years())))
                .containsExactly("zone: \"China/Beijing\" is not a time zone id, e.g. Asia/Shanghai");
        assertThat(problems(new CalendarDocument(d.id(), d.name(), null, d.weekend(), d.businessHours(), d.years())))
                .containsExactly("zone: required, e.g. Asia/Shanghai");
    }

    @Test
    void aMissingWeekendIsAProblemNotSevenWorkingDays() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), null, d.businessHours(), d.years())))
                .containsExactly("weekend: required; use [] for a calendar without weekend days");
        assertThat(new CalendarDocument(d.id(), d.name(), d.zone(), List.of(), d.businessHours(), List.of()).validate())
                .isEmpty();
    }

    @Test
    void aWeekendDayListedTwiceIsAProblem() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), List.of(SATURDAY, SUNDAY, SATURDAY),
                d.businessHours(), d.years())))
                .containsExactly("weekend[2]: SATURDAY is listed twice");
    }

    @Test
    void aWeekOfWeekendDaysIsAProblemBecauseNothingWouldEverFallDue() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), List.of(DayOfWeek.values()),
                d.businessHours(), List.of())))
                .containsExactly("weekend: all seven days are weekend days: the calendar needs a working day");
    }

    @Test
    void atLeastOneBusinessHoursIntervalIsRequired() {
        CalendarDocument d = valid();

        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), d.weekend(), List.of(), d.years())))
                .containsExactly("businessHours: at least one interval is required");
        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), d.weekend(), null, d.years())))
                .containsExactly("businessHours: at least one interval is required");
    }

    @Test
    void anIntervalMustStartBeforeItEnds() {
        assertThat(problems(withHours(hours("09:00", "09:00"))))
                .containsExactly("businessHours[0]: from 09:00 must be before to 09:00 on the same day;"
                        + " overnight shifts are not supported in v1");
    }

    @Test
    void anOvernightShiftIsNotSupportedInV1AndTheProblemSaysSo() {
        assertThat(problems(withHours(hours("09:00", "12:00"), hours("22:00", "06:00"))))
                .singleElement().asString()
                .startsWith("businessHours[1]: from 22:00 must be before to 06:00")
                .endsWith("overnight shifts are not supported in v1");
    }

    @Test
    void intervalsOutOfOrderOrOverlappingAreAProblem() {
        assertThat(problems(withHours(hours("13:30", "18:00"), hours("09:00", "12:00"))))
                .containsExactly("businessHours[1].from: 09:00 is before the end of the interval before it (18:00):"
                        + " intervals must be in order and must not overlap");
        assertThat(problems(withHours(hours("09:00", "12:00"), hours("11:30", "18:00"))))
                .singleElement().asString().startsWith("businessHours[1].from: 11:30 is before the end");
    }

    @Test
    void intervalsThatTouchAreFine() {
        assertThat(withHours(hours("09:00", "12:00"), hours("12:00", "18:00")).validate()).isEmpty();
    }

    @Test
    void anIntervalWithoutEndsIsAProblemNamingTheEnd() {
        assertThat(problems(withHours(new BusinessHours(null, LocalTime.NOON))))
                .containsExactly("businessHours[0].from: required, e.g. 09:00");
        assertThat(problems(withHours(new BusinessHours(LocalTime.NOON, null))))
                .containsExactly("businessHours[0].to: required, e.g. 18:00");
    }

    @Test
    void aYearListedTwiceIsAProblem() {
        YearEntry y = new YearEntry(2025, "notice", List.of(), List.of());

        assertThat(problems(withYears(y, new YearEntry(2026, "n", List.of(), List.of()), y)))
                .containsExactly("years[2].year: 2025 is listed twice (also years[0])");
    }

    @Test
    void aYearThatCannotBeMeantIsAProblem() {
        assertThat(problems(withYears(new YearEntry(225, "notice", List.of(), List.of()))))
                .containsExactly("years[0].year: 225 is not a plausible year");
    }

    @Test
    void aYearWithoutItsSourceIsAProblem() {
        assertThat(problems(withYears(new YearEntry(2025, "", List.of(), List.of()))))
                .containsExactly("years[0].source: required");
    }

    @Test
    void aDateOutsideItsYearIsAProblem() {
        assertThat(problems(withYears(new YearEntry(2025, "notice",
                List.of(day("2025-01-01", "元旦"), day("2026-01-01", "元旦")), List.of()))))
                .containsExactly("years[0].holidays[1].date: 2026-01-01 is not in 2025");
        assertThat(problems(withYears(new YearEntry(2025, "notice", List.of(), List.of(day("2024-12-29", "调休"))))))
                .containsExactly("years[0].workdays[0].date: 2024-12-29 is not in 2025");
    }

    @Test
    void aDateThatIsBothHolidayAndWorkdayIsAProblem() {
        YearEntry y2025 = new YearEntry(2025, "notice", List.of(), List.of());
        YearEntry y2026 = new YearEntry(2026, "notice", List.of(day("2026-01-01", "元旦"), day("2026-01-02", "元旦"),
                day("2026-01-03", "元旦"), day("2026-02-14", "春节")), List.of(day("2026-02-14", "春节调休上班")));

        assertThat(problems(withYears(y2025, y2026)))
                .containsExactly("years[1].holidays[3].date: 2026-02-14 is also listed as a working day");
    }

    @Test
    void aDateListedTwiceIsAProblem() {
        assertThat(problems(withYears(new YearEntry(2025, "notice",
                List.of(day("2025-01-01", "元旦"), day("2025-01-01", "元旦")),
                List.of(day("2025-01-26", "调休"), day("2025-01-26", "调休"))))))
                .containsExactly("years[0].holidays[1].date: 2025-01-01 is listed twice",
                        "years[0].workdays[1].date: 2025-01-26 is listed twice");
    }

    @Test
    void aMakeUpWorkingDayOnAWeekdayIsAProblemBecauseItWouldMeanNothing() {
        assertThat(problems(withYears(new YearEntry(2025, "notice", List.of(), List.of(day("2025-01-27", "调休"))))))
                .containsExactly("years[0].workdays[0].date: 2025-01-27 is a MONDAY, not a weekend day:"
                        + " a make-up working day only means something on a weekend day");
    }

    @Test
    void namesAndDatesArePresent() {
        assertThat(problems(withYears(new YearEntry(2025, "notice",
                List.of(day("2025-01-01", " "), new NamedDate(null, "元旦")), List.of(new NamedDate(null, null))))))
                .containsExactly("years[0].holidays[0].name: required",
                        "years[0].holidays[1].date: required, e.g. 2025-01-01",
                        "years[0].workdays[0].name: required",
                        "years[0].workdays[0].date: required, e.g. 2025-01-01");
    }

    @Test
    void missingListsAndEntriesAreProblemsNotCrashes() {
        List<YearEntry> years = new ArrayList<>();
        years.add(null);
        years.add(new YearEntry(2025, "notice", null, null));

        assertThat(problems(withYears(years.toArray(YearEntry[]::new))))
                .containsExactly("years[0]: required", "years[1].holidays: required; use [] for none",
                        "years[1].workdays: required; use [] for none");
        CalendarDocument d = valid();
        assertThat(problems(new CalendarDocument(d.id(), d.name(), d.zone(), d.weekend(), d.businessHours(), null)))
                .containsExactly("years: required; use [] for a calendar without holiday notices");
    }

    @Test
    void aMisspelledFieldInTheJsonShowsUpAsAMissingOne() {
        // unknown fields are ignored by the contract's reader, so "workday" must not quietly mean "no workdays"
        String json = """
                {"id":"x","name":"x","zone":"UTC","weekend":[],"businessHours":[{"from":"09:00","to":"17:00"}],
                 "years":[{"year":2025,"source":"s","holidays":[],"workday":[]}]}
                """;

        assertThat(problems(CalendarDocument.load(stream(json))))
                .containsExactly("years[0].workdays: required; use [] for none");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        CalendarDocument broken = new CalendarDocument("Bad Id", "", "Mars/Olympus", List.of(SATURDAY),
                List.of(hours("18:00", "09:00")), List.of(new YearEntry(2025, "", List.of(), List.of())));

        assertThat(broken.validate()).extracting(Problem::field)
                .containsExactly("id", "name", "zone", "businessHours[0]", "years[0].source");
    }

    @Test
    void withYearReplacesTheYearItIsFor() {
        YearEntry revised = new YearEntry(2026, "revised notice", List.of(day("2026-10-01", "国庆节")), List.of());

        CalendarDocument changed = valid().withYear(revised);

        assertThat(changed.years()).containsExactly(valid().years().get(0), revised);
        assertThat(changed.validate()).isEmpty();
        assertThat(valid().years().get(1).source()).as("the original is unchanged").isEqualTo("notice 2026");
    }

    @Test
    void withYearAddsANewYearInOrder() {
        YearEntry y2024 = new YearEntry(2024, "notice 2024", List.of(day("2024-01-01", "元旦")), List.of());
        YearEntry y2027 = new YearEntry(2027, "notice 2027", List.of(day("2027-01-01", "元旦")), List.of());

        CalendarDocument changed = valid().withYear(y2027).withYear(y2024);

        assertThat(changed.years()).extracting(YearEntry::year).containsExactly(2024, 2025, 2026, 2027);
        assertThat(changed).usingRecursiveComparison().ignoringFields("years").isEqualTo(valid());
    }

    @Test
    void withYearDoesNotValidateSoTheCallerSeesTheProblems() {
        YearEntry wrong = new YearEntry(2027, "notice", List.of(day("2028-01-01", "元旦")), List.of());

        assertThat(problems(valid().withYear(wrong))).containsExactly("years[2].holidays[0].date: 2028-01-01 is not in 2027");
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
