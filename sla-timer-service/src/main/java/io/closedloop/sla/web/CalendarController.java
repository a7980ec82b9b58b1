package io.closedloop.sla.web;

import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.contract.calendar.CalendarDocument;
import io.closedloop.sla.calendar.CalendarStore;
import io.closedloop.sla.keeping.ClockKeeping;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Business calendars at runtime: read them, add or replace a year (next year's holiday notice), replace a whole
 * calendar, and work out a due time as the clocks would.
 */
@RestController
@RequestMapping(path = "/api/v1/calendars", produces = MediaType.APPLICATION_JSON_VALUE)
class CalendarController {

    private static final Pattern CALENDAR_ID = Pattern.compile("[a-z0-9-]{1,40}");

    private final CalendarStore calendars;
    private final ClockKeeping keeping;
    private final Clock clock;

    CalendarController(CalendarStore calendars, ClockKeeping keeping, Clock clock) {
        this.calendars = calendars;
        this.keeping = keeping;
        this.clock = clock;
    }

    record CalendarSummary(String version, String calendarId, int revision, String zone, Set<Integer> years,
            Instant createdAt, String createdBy, String note) {
        static CalendarSummary of(CalendarStore.StoredCalendar c) {
            return new CalendarSummary(c.version(), c.calendarId(), c.revision(), c.document().zone(),
                    c.calendar().years(), c.createdAt(), c.createdBy(), c.note());
        }
    }

    /**
     * @param complaintsRecomputed after a change: how many complaints had clocks waiting for a year this revision
     *                             may cover, and were worked out again
     */
    record CalendarRevision(CalendarSummary version, CalendarDocument calendar, Integer complaintsRecomputed) {
        static CalendarRevision of(CalendarStore.StoredCalendar c) {
            return new CalendarRevision(CalendarSummary.of(c), c.document(), null);
        }
    }

    record DueTime(String calendarVersion, Instant from, String target, Instant dueAt, String dueAtLocal,
            boolean covered) {
    }

    @Operation(summary = "Every calendar, newest revision")
    @GetMapping
    Mono<List<CalendarSummary>> all() {
        return Blocking.call(() -> calendars.all().stream().map(CalendarSummary::of).toList());
    }

    @Operation(summary = "A calendar's newest revision, or the one named by ?revision=")
    @GetMapping("/{id}")
    Mono<CalendarRevision> get(@PathVariable String id, @RequestParam(required = false) Integer revision) {
        return Blocking.call(() -> CalendarRevision.of(revision == null ? latest(id)
                : calendars.version(checked(id) + "@" + revision)));
    }

    @Operation(summary = "Add or replace one year's holidays and make-up working days: a new revision")
    @PutMapping(path = "/{id}/years/{year}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<CalendarRevision> putYear(@PathVariable String id, @PathVariable int year,
            @RequestBody(required = false) String body,
            @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return Blocking.callAs(caller -> {
            String by = Blocking.actor(caller, actor);
            CalendarDocument.YearEntry entry = Documents.read(body, CalendarDocument.YearEntry.class, "year");
            if (entry.year() != year) {
                throw new InvalidInputException("The year in the body is not the year in the path.",
                        List.of(new FieldError("year", "is " + entry.year() + " but the path says " + year)));
            }
            CalendarDocument changed = latest(id).document().withYear(entry);
            return stored(store(changed, by, note == null ? "year " + year + " added or replaced" : note));
        });
    }

    @Operation(summary = "Replace a whole calendar (or create a new one): a new revision")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<CalendarRevision> put(@PathVariable String id, @RequestBody(required = false) String body,
            @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return Blocking.callAs(caller -> {
            String by = Blocking.actor(caller, actor);
            CalendarDocument document = Documents.read(body, CalendarDocument.class, "calendar");
            if (!checked(id).equals(document.id())) {
                throw new InvalidInputException("The id in the body is not the id in the path.",
                        List.of(new FieldError("id", "is '" + document.id() + "' but the path says '" + id + "'")));
            }
            return stored(store(document, by, note));
        });
    }

    @Operation(summary = "When a target counted from an instant falls due in this calendar (as the clocks count it)")
    @GetMapping("/{id}/due")
    Mono<DueTime> due(@PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) Integer workingDays,
            @RequestParam(required = false) String workingTime,
            @RequestParam(required = false) String elapsed) {
        return Blocking.call(() -> {
            Instant start = Blocking.instant("from", from, clock.instant());
            int given = (workingDays == null ? 0 : 1) + (workingTime == null ? 0 : 1) + (elapsed == null ? 0 : 1);
            if (given != 1) {
                throw new InvalidInputException("Give one target.", List.of(new FieldError("workingDays",
                        "give exactly one of workingDays, workingTime, elapsed")));
            }
            BusinessCalendar calendar = latest(id).calendar();
            try {
                return dueTime(calendar, start, workingDays, workingTime, elapsed);
            } catch (IllegalArgumentException | java.time.DateTimeException tooFar) {
                String field = workingDays != null ? "workingDays" : workingTime != null ? "workingTime" : "elapsed";
                throw new InvalidInputException("The calendar cannot count that far.",
                        List.of(new FieldError(field, "reaches beyond what the calendar can count: "
                                + tooFar.getMessage())));
            }
        });
    }

    private DueTime dueTime(BusinessCalendar calendar, Instant start, Integer workingDays, String workingTime,
            String elapsed) {
        Instant due;
        String target;
        if (workingDays != null) {
            if (workingDays < 1 || workingDays > 366) {
                throw new InvalidInputException("Invalid workingDays.",
                        List.of(new FieldError("workingDays", "must be between 1 and 366")));
            }
            due = calendar.endOfWorkingDays(start, workingDays);
            target = workingDays + " working days";
        } else if (workingTime != null) {
            var d = positive("workingTime", Blocking.duration("workingTime", workingTime));
            due = calendar.plusWorkingTime(start, d);
            target = d + " working time";
        } else {
            var d = positive("elapsed", Blocking.duration("elapsed", elapsed));
            due = start.plus(d);
            target = d + " elapsed";
        }
        return new DueTime(calendar.version(), start, target, due,
                due.atZone(calendar.zone()).toOffsetDateTime().toString(),
                calendar.covers(due.atZone(calendar.zone()).toLocalDate()));
    }

    private static java.time.Duration positive(String field, java.time.Duration d) {
        if (d.isNegative() || d.isZero() || d.toDays() > 366) {
            throw new InvalidInputException("Invalid " + field + ".",
                    List.of(new FieldError(field, "must be positive and at most 366 days")));
        }
        return d;
    }

    /** A new revision may cover a year some clocks were waiting for: work those out again now. */
    private CalendarRevision stored(CalendarStore.StoredCalendar revision) {
        return new CalendarRevision(CalendarSummary.of(revision), revision.document(), keeping.recalendarAll());
    }

    private CalendarStore.StoredCalendar latest(String id) {
        return calendars.latest(checked(id)).orElseThrow(() -> new NotFoundException("no calendar " + id));
    }

    private CalendarStore.StoredCalendar store(CalendarDocument document, String by, String note) {
        List<FieldError> errors = new ArrayList<>();
        document.validate().forEach(p -> errors.add(new FieldError(p.field(), p.reason())));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The calendar is not valid; nothing was stored.", errors);
        }
        return calendars.store(document, clock.instant(), by, note);
    }

    private static String checked(String id) {
        if (!CALENDAR_ID.matcher(id).matches()) {
            throw new InvalidInputException("Invalid calendar id.", List.of(new FieldError("id",
                    "must be 1 to 40 lower-case letters, digits or -")));
        }
        return id;
    }
}
