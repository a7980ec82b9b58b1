package io.closedloop.sla.web;

import io.closedloop.sla.calendar.CalendarStore;
import io.closedloop.sla.policy.ClockPolicy;
import io.closedloop.sla.policy.PolicyStore;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Clock policies at runtime: read them, check a draft, and activate a new version. A new version applies to
 * complaints recorded from its {@code activeFrom} on; complaints already running keep theirs.
 */
@RestController
@RequestMapping(path = "/api/v1/clock-policies", produces = MediaType.APPLICATION_JSON_VALUE)
class PolicyController {

    private final PolicyStore policies;
    private final CalendarStore calendars;
    private final Clock clock;

    PolicyController(PolicyStore policies, CalendarStore calendars, Clock clock) {
        this.policies = policies;
        this.calendars = calendars;
        this.clock = clock;
    }

    record PolicySummary(int version, String stamp, Instant activeFrom, Instant createdAt, String createdBy,
            String note) {
        static PolicySummary of(PolicyStore.StoredPolicy p) {
            return new PolicySummary(p.version(), p.stamp(), p.activeFrom(), p.createdAt(), p.createdBy(), p.note());
        }
    }

    record PolicyVersion(PolicySummary version, ClockPolicy policy) {
        static PolicyVersion of(PolicyStore.StoredPolicy p) {
            return new PolicyVersion(PolicySummary.of(p), p.policy());
        }
    }

    record Check(boolean valid, List<FieldError> errors) {
    }

    @Operation(summary = "Every stored policy version, oldest first")
    @GetMapping
    Mono<List<PolicySummary>> all() {
        return Blocking.call(() -> policies.all().stream().map(PolicySummary::of).toList());
    }

    @Operation(summary = "The policy version in force now (for complaints recorded from now on)")
    @GetMapping("/active")
    Mono<PolicyVersion> active() {
        return Blocking.call(() -> PolicyVersion.of(policies.activeAt(clock.instant())));
    }

    @Operation(summary = "One policy version, whole")
    @GetMapping("/{version}")
    Mono<PolicyVersion> version(@PathVariable String version) {
        return Blocking.call(() -> {
            int number;
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("Invalid version.", List.of(new FieldError("version",
                        "must be a version number, e.g. 2")));
            }
            return PolicyVersion.of(policies.version(number));
        });
    }

    @Operation(summary = "Check a draft policy without storing it: every problem names its field")
    @PostMapping(path = "/validation", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Check> check(@RequestBody(required = false) String body) {
        return Blocking.call(() -> {
            List<FieldError> errors = problems(Documents.read(body, ClockPolicy.class, "clock policy"));
            return new Check(errors.isEmpty(), errors);
        });
    }

    @Operation(summary = "Store and activate a new policy version (now, or from a later activeFrom)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PolicyVersion> activate(@RequestBody(required = false) String body,
            @RequestParam(required = false) String activeFrom,
            @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return Blocking.callAs(caller -> {
            String by = Blocking.actor(caller, actor);
            Instant now = clock.instant();
            Instant from = Blocking.instant("activeFrom", activeFrom, now);
            if (from.isBefore(now)) {
                throw new InvalidInputException("Invalid activeFrom.", List.of(new FieldError("activeFrom",
                        "must not be in the past: complaints already recorded keep the version they started with")));
            }
            ClockPolicy policy = Documents.read(body, ClockPolicy.class, "clock policy");
            List<FieldError> errors = problems(policy);
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The policy is not valid; nothing was stored.", errors);
            }
            return PolicyVersion.of(policies.activate(policy, from, now, by, note));
        });
    }

    private List<FieldError> problems(ClockPolicy policy) {
        return PolicyStore.problems(policy, id -> calendars.latest(id).isPresent()).stream()
                .map(PolicyController::fieldError).toList();
    }

    /** Problems read "field: reason". */
    private static FieldError fieldError(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? new FieldError("$", problem)
                : new FieldError(problem.substring(0, colon), problem.substring(colon + 2));
    }
}
