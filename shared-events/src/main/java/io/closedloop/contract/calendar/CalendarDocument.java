package io.closedloop.contract.calendar;

import io.closedloop.contract.json.ContractJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A business calendar as data, in the JSON form an administrator uploads and the platform stores: the weekly
 * pattern, the business hours of a working day, and per year the public holidays and make-up working days
 * (调休) exactly as the issuing authority published them.
 *
 * <p>Reading never judges the content: {@link #validate()} lists every problem at once so that an admin API
 * can show them all, and {@link BusinessCalendar} refuses a document that has any.
 *
 * @param id            stable id, e.g. {@code cn-mainland}
 * @param name          a name for people, e.g. {@code 中国大陆 / Mainland China}
 * @param zone          the time zone business hours are read in, e.g. {@code Asia/Shanghai}
 * @param weekend       the days of the week that are not working days unless a year lists them as workdays
 * @param businessHours the working intervals of a working day, in order
 * @param years         the published holiday notices, one per year
 */
public record CalendarDocument(
        String id,
        String name,
        String zone,
        List<DayOfWeek> weekend,
        List<BusinessHours> businessHours,
        List<YearEntry> years) {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");

    // Lists are copied so the record is immutable; null stays null and null entries stay, so that validate()
    // can report them by path instead of the reader failing on the first one.
    public CalendarDocument {
        weekend = copy(weekend);
        businessHours = copy(businessHours);
        years = copy(years);
    }

    /**
     * One working interval of a working day, [from, to) in the calendar's zone. Both ends on the same day:
     * overnight shifts are not supported in v1.
     */
    public record BusinessHours(LocalTime from, LocalTime to) {
    }

    /**
     * One year's notice.
     *
     * @param year     the year the notice is for
     * @param source   the notice the dates come from, so an auditor can check them
     * @param holidays days off, including the weekend days inside a holiday block
     * @param workdays make-up working days: weekend days declared working days
     */
    public record YearEntry(int year, String source, List<NamedDate> holidays, List<NamedDate> workdays) {
        public YearEntry {
            holidays = copy(holidays);
            workdays = copy(workdays);
        }
    }

    /** A date with its name, e.g. {@code 2025-01-26 春节调休上班}. */
    public record NamedDate(LocalDate date, String name) {
    }

    /** One thing wrong with a document: the field's path, e.g. {@code years[1].holidays[3].date}, and why. */
    public record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    /** Reads a document in the contract's JSON form. Does not validate. */
    public static CalendarDocument load(InputStream json) {
        Objects.requireNonNull(json, "json");
        try {
            return ContractJson.mapper().readValue(json, CalendarDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calendar document: " + e.getMessage(), e);
        }
    }

    /**
     * A copy with {@code entry} in place of the year it is for, or added if that year is not there yet; years
     * stay in ascending order. Does not validate: call {@link #validate()} on the result.
     */
    public CalendarDocument withYear(YearEntry entry) {
        Objects.requireNonNull(entry, "entry");
        List<YearEntry> result = new ArrayList<>();
        if (years != null) {
            years.stream().filter(y -> y == null || y.year() != entry.year()).forEach(result::add);
        }
        result.add(entry);
        result.sort(Comparator.nullsLast(Comparator.comparingInt(YearEntry::year)));
        return new CalendarDocument(id, name, zone, weekend, businessHours, result);
    }

    /** Every problem with this document, in field order; empty when it is fit to compute with. */
    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(new Problem("id", "must match [a-z0-9-]{1,40}, was " + quoted(id)));
        }
        requireText(problems, "name", name);
        if (zone == null || zone.isBlank()) {
            problems.add(new Problem("zone", "required, e.g. Asia/Shanghai"));
        } else {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                problems.add(new Problem("zone", quoted(zone) + " is not a time zone id, e.g. Asia/Shanghai"));
            }
        }
        Set<DayOfWeek> weekendDays = validateWeekend(problems);
        validateBusinessHours(problems);
        validateYears(problems, weekendDays);
        return List.copyOf(problems);
    }

    /** Returns the weekend days, or null when the list is missing. */
    private Set<DayOfWeek> validateWeekend(List<Problem> problems) {
        if (weekend == null) {
            // a missing list must not silently mean "work seven days a week"
            problems.add(new Problem("weekend", "required; use [] for a calendar without weekend days"));
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < weekend.size(); i++) {
            DayOfWeek day = weekend.get(i);
            if (day == null) {
                problems.add(new Problem("weekend[" + i + "]", "required"));
            } else if (!days.add(day)) {
                problems.add(new Problem("weekend[" + i + "]", day + " is listed twice"));
            }
        }
        if (days.size() == DayOfWeek.values().length) {
            // outside the listed years there would be no working time at all, and a complaint no deadline
            problems.add(new Problem("weekend", "all seven days are weekend days: the calendar needs a working day"));
        }
        return days;
    }

    private void validateBusinessHours(List<Problem> problems) {
        if (businessHours == null || businessHours.isEmpty()) {
            problems.add(new Problem("businessHours", "at least one interval is required"));
            return;
        }
        LocalTime previousEnd = null;
        for (int i = 0; i < businessHours.size(); i++) {
            String path = "businessHours[" + i + "]";
            BusinessHours hours = businessHours.get(i);
            if (hours == null) {
                problems.add(new Problem(path, "required"));
                continue;
            }
            if (hours.from() == null) {
                problems.add(new Problem(path + ".from", "required, e.g. 09:00"));
            }
            if (hours.to() == null) {
                problems.add(new Problem(path + ".to", "required, e.g. 18:00"));
            }
            if (hours.from() == null || hours.to() == null) {
                continue;
            }
            if (!hours.from().isBefore(hours.to())) {
                problems.add(new Problem(path, "from " + hours.from() + " must be before to " + hours.to()
                        + " on the same day; overnight shifts are not supported in v1"));
                continue;
            }
            if (previousEnd != null && hours.from().isBefore(previousEnd)) {
                problems.add(new Problem(path + ".from", hours.from() + " is before the end of the interval"
                        + " before it (" + previousEnd + "): intervals must be in order and must not overlap"));
            }
            previousEnd = previousEnd == null || hours.to().isAfter(previousEnd) ? hours.to() : previousEnd;
        }
    }

    private void validateYears(List<Problem> problems, Set<DayOfWeek> weekendDays) {
        if (years == null) {
            problems.add(new Problem("years", "required; use [] for a calendar without holiday notices"));
            return;
        }
        Map<Integer, Integer> firstIndexOfYear = new HashMap<>();
        for (int i = 0; i < years.size(); i++) {
            String path = "years[" + i + "]";
            YearEntry entry = years.get(i);
            if (entry == null) {
                problems.add(new Problem(path, "required"));
                continue;
            }
            if (entry.year() < 1900 || entry.year() > 2999) {
                problems.add(new Problem(path + ".year", entry.year() + " is not a plausible year"));
            }
            Integer first = firstIndexOfYear.putIfAbsent(entry.year(), i);
            if (first != null) {
                problems.add(new Problem(path + ".year", entry.year() + " is listed twice (also years[" + first + "])"));
            }
            requireText(problems, path + ".source", entry.source());
            Set<LocalDate> holidays = validateDates(problems, path + ".holidays", entry.year(), entry.holidays());
            Set<LocalDate> workdays = validateDates(problems, path + ".workdays", entry.year(), entry.workdays());
            if (entry.holidays() != null) {
                for (int j = 0; j < entry.holidays().size(); j++) {
                    NamedDate holiday = entry.holidays().get(j);
                    if (holiday != null && holiday.date() != null && workdays.contains(holiday.date())) {
                        problems.add(new Problem(path + ".holidays[" + j + "].date",
                                holiday.date() + " is also listed as a working day"));
                    }
                }
            }
            if (entry.workdays() != null && weekendDays != null) {
                for (int j = 0; j < entry.workdays().size(); j++) {
                    NamedDate workday = entry.workdays().get(j);
                    if (workday != null && workday.date() != null && !holidays.contains(workday.date())
                            && !weekendDays.contains(workday.date().getDayOfWeek())) {
                        problems.add(new Problem(path + ".workdays[" + j + "].date", workday.date() + " is a "
                                + workday.date().getDayOfWeek() + ", not a weekend day: a make-up working day"
                                + " only means something on a weekend day"));
                    }
                }
            }
        }
    }

    /** Checks one list of dates; returns the dates it holds. */
    private static Set<LocalDate> validateDates(List<Problem> problems, String path, int year, List<NamedDate> dates) {
        Set<LocalDate> seen = new HashSet<>();
        if (dates == null) {
            problems.add(new Problem(path, "required; use [] for none"));
            return seen;
        }
        for (int j = 0; j < dates.size(); j++) {
            String at = path + "[" + j + "]";
            NamedDate named = dates.get(j);
            if (named == null) {
                problems.add(new Problem(at, "required"));
                continue;
            }
            requireText(problems, at + ".name", named.name());
            if (named.date() == null) {
                problems.add(new Problem(at + ".date", "required, e.g. " + year + "-01-01"));
                continue;
            }
            if (named.date().getYear() != year) {
                problems.add(new Problem(at + ".date", named.date() + " is not in " + year));
            }
            if (!seen.add(named.date())) {
                problems.add(new Problem(at + ".date", named.date() + " is listed twice"));
            }
        }
        return seen;
    }

    private static void requireText(List<Problem> problems, String path, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(path, "required"));
        }
    }

    private static String quoted(String value) {
        return value == null ? "absent" : "\"" + value + "\"";
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
