package io.closedloop.contract.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Business-time arithmetic on one {@link CalendarDocument}: which days are working days (weekends, public
 * holidays and make-up working days, 调休), which instants are working time (split business hours in the
 * calendar's zone), and how deadlines measured in working time or working days fall.
 *
 * <p>We write this ourselves because no well-kept Java library models make-up working days and split business
 * hours together, and deadlines are the platform's promise to a customer.
 *
 * <p>Rules every method keeps:
 * <ul>
 *   <li>Instants are UTC; days and business hours are read in {@link #zone()}. Working time is elapsed time:
 *       an interval that spans a daylight-saving change is an hour longer or shorter that day, and local times
 *       that do not exist that day are read as the moment the clocks jump.</li>
 *   <li>Business hours are half-open: 09:00 is working time, 18:00 is not.</li>
 *   <li>Outside the years the document lists ({@link #covers}), days follow the weekly pattern alone: a
 *       complaint must always get a deadline, so callers ask {@code covers} to flag one that may move once
 *       that year's notice is added, rather than this class refusing.</li>
 *   <li>No method searches more than {@value #MAX_SEARCH_DAYS} calendar days; beyond that it throws
 *       {@link IllegalArgumentException}, so a calendar without working days cannot hang a caller.</li>
 * </ul>
 *
 * <p>Cost: day classification is two hash look-ups; the arithmetic walks calendar days, taking each working
 * day whole where it can, so it is O(calendar days spanned × business intervals per day), never per minute.
 * Instances are immutable and thread-safe.
 */
public final class BusinessCalendar {

    /** About ten years: far beyond any complaint deadline, small enough to fail fast. */
    static final int MAX_SEARCH_DAYS = 3660;

    private final CalendarDocument document;
    private final String version;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final Set<DayOfWeek> weekend;
    private final List<CalendarDocument.BusinessHours> hours;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workdays;
    private final Set<Integer> years;

    /**
     * @param document a document that {@link CalendarDocument#validate() validates} clean
     * @param version  the version callers stamp on what they compute, e.g. {@code cn-mainland@3}
     * @throws IllegalArgumentException naming every problem when the document does not validate
     */
    public BusinessCalendar(CalendarDocument document, String version) {
        Objects.requireNonNull(document, "document");
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("calendar version is required, e.g. cn-mainland@1");
        }
        List<CalendarDocument.Problem> problems = document.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("calendar " + document.id() + " is not valid: "
                    + problems.stream().map(CalendarDocument.Problem::toString).collect(Collectors.joining("; ")));
        }
        this.document = document;
        this.version = version;
        this.zone = ZoneId.of(document.zone());
        this.rules = zone.getRules();
        Set<DayOfWeek> weekendDays = EnumSet.noneOf(DayOfWeek.class);
        weekendDays.addAll(document.weekend());
        this.weekend = Collections.unmodifiableSet(weekendDays);
        this.hours = List.copyOf(document.businessHours());
        Set<LocalDate> off = new HashSet<>();
        Set<LocalDate> on = new HashSet<>();
        Set<Integer> listed = new TreeSet<>();
        for (CalendarDocument.YearEntry year : document.years()) {
            listed.add(year.year());
            year.holidays().forEach(d -> off.add(d.date()));
            year.workdays().forEach(d -> on.add(d.date()));
        }
        this.holidays = Set.copyOf(off);
        this.workdays = Set.copyOf(on);
        this.years = Collections.unmodifiableSet(listed);
    }

    public String id() {
        return document.id();
    }

    public String version() {
        return version;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The document this calendar was built from. */
    public CalendarDocument document() {
        return document;
    }

    /** The years whose holiday notice is in the calendar, ascending. */
    public Set<Integer> years() {
        return years;
    }

    /** Whether the holiday notice for {@code date}'s year is in the calendar; if not, only the weekly pattern applies. */
    public boolean covers(LocalDate date) {
        return years.contains(date.getYear());
    }

    /** A listed make-up working day is working; a listed holiday is not; any other day unless it is a weekend day. */
    public boolean isWorkingDay(LocalDate date) {
        if (workdays.contains(date)) {
            return true;
        }
        if (holidays.contains(date)) {
            return false;
        }
        return !weekend.contains(date.getDayOfWeek());
    }

    public boolean isWorkingTime(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, zone);
        if (!isWorkingDay(day)) {
            return false;
        }
        for (CalendarDocument.BusinessHours interval : hours) {
            Instant from = at(day, interval.from());
            if (!instant.isBefore(from) && instant.isBefore(at(day, interval.to()))) {
                return true;
            }
        }
        return false;
    }

    /** {@code instant} itself if it is working time, else the start of the next business interval. */
    public Instant nextWorkingMoment(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        LocalDate day = LocalDate.ofInstant(instant, zone);
        for (int searched = 0; searched <= MAX_SEARCH_DAYS; searched++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (CalendarDocument.BusinessHours interval : hours) {
                Instant from = at(day, interval.from());
                Instant to = at(day, interval.to());
                if (!from.isBefore(to) || !instant.isBefore(to)) {
                    continue;
                }
                return instant.isBefore(from) ? from : instant;
            }
        }
        throw tooFar("the next working moment after " + instant);
    }

    /**
     * The earliest instant by which {@code workingTime} of working time has passed since {@code start}. So
     * landing exactly on the end of an interval returns that end (17:55 + 5 min is 18:00, not 09:00 the next
     * morning), and {@link Duration#ZERO} returns {@code start} unchanged even outside working time: use
     * {@link #nextWorkingMoment} for "as soon as work resumes".
     */
    public Instant plusWorkingTime(Instant start, Duration workingTime) {
        Objects.requireNonNull(start, "start");
        requireNotNegative(workingTime);
        if (workingTime.isZero()) {
            return start;
        }
        Duration remaining = workingTime;
        LocalDate day = LocalDate.ofInstant(start, zone);
        for (int searched = 0; searched <= MAX_SEARCH_DAYS; searched++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (CalendarDocument.BusinessHours interval : hours) {
                Instant to = at(day, interval.to());
                if (!start.isBefore(to)) {
                    continue;
                }
                Instant from = max(at(day, interval.from()), start);
                Duration available = Duration.between(from, to);
                if (available.compareTo(remaining) >= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw tooFar(workingTime + " of working time after " + start);
    }

    /**
     * The latest instant at which {@code workingTime} of working time remains until {@code end}, e.g. the early
     * warning "2 working hours before due". The inverse of {@link #plusWorkingTime} from a working instant.
     * {@link Duration#ZERO} returns {@code end} unchanged.
     */
    public Instant minusWorkingTime(Instant end, Duration workingTime) {
        Objects.requireNonNull(end, "end");
        requireNotNegative(workingTime);
        if (workingTime.isZero()) {
            return end;
        }
        Duration remaining = workingTime;
        LocalDate day = LocalDate.ofInstant(end, zone);
        for (int searched = 0; searched <= MAX_SEARCH_DAYS; searched++, day = day.minusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (int i = hours.size() - 1; i >= 0; i--) {
                Instant from = at(day, hours.get(i).from());
                if (!from.isBefore(end)) {
                    continue;
                }
                Instant to = min(at(day, hours.get(i).to()), end);
                Duration available = Duration.between(from, to);
                if (available.compareTo(remaining) >= 0) {
                    return to.minus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw tooFar(workingTime + " of working time before " + end);
    }

    /** The working time in [from, to); zero when {@code to} is not after {@code from}. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        LocalDate first = LocalDate.ofInstant(from, zone);
        LocalDate last = LocalDate.ofInstant(to, zone);
        if (first.plusDays(MAX_SEARCH_DAYS).isBefore(last)) {
            throw tooFar("the working time between " + from + " and " + to);
        }
        Duration total = Duration.ZERO;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (CalendarDocument.BusinessHours interval : hours) {
                Instant start = max(at(day, interval.from()), from);
                Instant end = min(at(day, interval.to()), to);
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * The close of business of the {@code days}-th working day after the day {@code start} falls on, counted
     * as the law counts periods (民法典 第二百零一条: the start day is not counted; 第二百零三条: a period ends
     * when business stops on its last day). Holidays are skipped because only working days are counted. The
     * time of day of {@code start} does not matter, only its date in {@link #zone()}.
     *
     * @param days at least 1
     */
    public Instant endOfWorkingDays(Instant start, int days) {
        Objects.requireNonNull(start, "start");
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        int counted = 0;
        LocalDate day = LocalDate.ofInstant(start, zone);
        for (int searched = 1; searched <= MAX_SEARCH_DAYS; searched++) {
            day = day.plusDays(1);
            if (isWorkingDay(day) && ++counted == days) {
                return closeOfBusiness(day);
            }
        }
        throw tooFar(days + " working days after " + start);
    }

    private Instant closeOfBusiness(LocalDate day) {
        return at(day, hours.get(hours.size() - 1).to());
    }

    /**
     * The instant of a local time on a day. A time the clocks skip is read as the moment they jump, a time
     * they repeat as its first occurrence: both keep the mapping monotonic, so intervals never turn inside out.
     */
    private Instant at(LocalDate day, LocalTime time) {
        LocalDateTime local = LocalDateTime.of(day, time);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0));
    }

    private IllegalArgumentException tooFar(String what) {
        return new IllegalArgumentException("calendar " + version + ": " + what + " lies more than "
                + MAX_SEARCH_DAYS + " calendar days away; refusing to search further (does the calendar have"
                + " working days?)");
    }

    private static void requireNotNegative(Duration workingTime) {
        Objects.requireNonNull(workingTime, "workingTime");
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative, was " + workingTime);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return "BusinessCalendar[" + version + ", " + zone + ", years " + years + "]";
    }
}
