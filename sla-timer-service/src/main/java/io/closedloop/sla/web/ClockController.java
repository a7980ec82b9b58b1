package io.closedloop.sla.web;

import io.closedloop.contract.InfoType;
import io.closedloop.security.Caller;
import io.closedloop.sla.clock.ComplaintClocks;
import io.closedloop.sla.clock.TimelineEntry;
import io.closedloop.sla.clock.TrackedClock;
import io.closedloop.sla.keeping.ClockKeeping;
import io.closedloop.sla.keeping.ClockTimeline;
import io.closedloop.sla.policy.ClockDefinition;
import io.closedloop.sla.policy.PolicyStore;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Explains a complaint's clocks, and counts the deadlines departments missed. A department's users and systems see
 * the clocks of their own department's complaints and their own department's breaches only.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ClockController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern DEPARTMENT = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_./-]{0,99}");

    private final ClockKeeping keeping;
    private final ClockTimeline timeline;
    private final PolicyStore policies;
    private final Clock clock;

    ClockController(ClockKeeping keeping, ClockTimeline timeline, PolicyStore policies, Clock clock) {
        this.keeping = keeping;
        this.timeline = timeline;
        this.policies = policies;
        this.clock = clock;
    }

    /** One clock, with its story. */
    record ClockView(String clockId, String description, String state, String target, int generation,
            Instant startedAt, Instant warnAt, Instant dueAt, Instant metAt, Boolean metInTime, Instant promisedEta,
            Boolean promiseKept, int escalationLevel, String stoppedReason, List<TimelineEntry> timeline) {
    }

    /** Every clock of one complaint, with the policy and calendar versions they were computed with. */
    record ComplaintClocksView(String complaintId, String policyVersion, String calendarVersion, InfoType infoType,
            String severity, String department, List<ClockView> clocks, List<TimelineEntry> otherLines) {
    }

    @Operation(summary = "Explain a complaint's clocks: started, paused, resumed, warned, due, met or missed, "
            + "escalations, with the policy and calendar versions used")
    @GetMapping("/complaints/{id}/clocks")
    Mono<ComplaintClocksView> explain(@PathVariable String id) {
        return Blocking.callAs(caller -> {
            if (!ID.matcher(id).matches()) {
                throw new InvalidInputException("Invalid complaint id.", List.of(new FieldError("id",
                        "must be 1 to 64 letters, digits or . _ : -")));
            }
            // another department's complaint is "not seen", as in intake: a department cannot learn it exists
            ComplaintClocks clocks = keeping.clocksOf(id).filter(ComplaintClocks::known)
                    .filter(c -> caller.maySee(c.department()))
                    .orElseThrow(() -> new NotFoundException("sla-timer-service has seen no complaint " + id));
            List<TimelineEntry> lines = timeline.of(id);
            List<ClockDefinition> definitions = policies.stamped(clocks.policyVersion()).policy().clocks();
            List<ClockView> views = clocks.clocks().stream().map(c -> view(c, definitions, lines)).toList();
            return new ComplaintClocksView(id, clocks.policyVersion(), clocks.calendarVersion(), clocks.infoType(),
                    clocks.severity(), clocks.department(), views,
                    lines.stream().filter(l -> l.clockId() == null || clocks.clock(l.clockId()) == null).toList());
        });
    }

    private static ClockView view(TrackedClock c, List<ClockDefinition> definitions, List<TimelineEntry> lines) {
        String description = definitions.stream().filter(d -> d.clockId().equals(c.clockId()))
                .map(ClockDefinition::description).findFirst().orElse(null);
        return new ClockView(c.clockId(), description, c.state().name().toLowerCase(), c.target(), c.generation(),
                c.startedAt(), c.warnAt(), c.dueAt(), c.metAt(), c.metInTime(), c.promisedEta(), c.promiseKept(),
                c.escalationLevel(), c.stoppedReason(),
                lines.stream().filter(l -> Objects.equals(l.clockId(), c.clockId())).toList());
    }

    /** @param department the one department counted, or null for all */
    record BreachReport(Instant from, Instant to, String department, long total,
            List<ClockTimeline.BreachCount> byDepartmentAndClock) {
    }

    @Operation(summary = "Deadlines missed per department and clock in a period (考核), as the complaints recorded them; "
            + "a department's users and systems get their own department's only")
    @GetMapping("/breaches")
    Mono<BreachReport> breaches(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String department) {
        return Blocking.callAs(caller -> {
            Instant end = Blocking.instant("to", to, clock.instant());
            Instant start = Blocking.instant("from", from, end.minus(Duration.ofDays(30)));
            if (!start.isBefore(end)) {
                throw new InvalidInputException("Empty period.", List.of(new FieldError("from", "must be before to")));
            }
            String counted = departmentFor(caller, department);
            List<ClockTimeline.BreachCount> counts = timeline.breaches(start, end, counted);
            return new BreachReport(start, end, counted,
                    counts.stream().mapToLong(ClockTimeline.BreachCount::breaches).sum(), counts);
        });
    }

    /**
     * The department whose breaches {@code caller} gets: the one asked for (or all) for those who see every
     * department; a department's own for its users and systems, who are refused another's (as analytics does).
     */
    private static String departmentFor(Caller caller, String asked) {
        String wanted = asked == null || asked.isBlank() ? null : asked.strip();
        if (wanted != null && !DEPARTMENT.matcher(wanted).matches()) {
            throw new InvalidInputException("Invalid department.", List.of(new FieldError("department",
                    "must be a department code: 1 to 100 letters, digits or _ . / -, starting with a letter or digit")));
        }
        if (caller.seesAllDepartments()) {
            return wanted;
        }
        if (caller.department() == null) {
            throw new AccessDeniedException(caller.name() + " belongs to no department, so sees no department's "
                    + "breaches");
        }
        if (wanted != null && !wanted.equals(caller.department())) {
            throw new AccessDeniedException(caller.name() + " sees the breaches of department "
                    + caller.department() + " only");
        }
        return caller.department();
    }
}
