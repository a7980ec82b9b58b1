package io.closedloop.routing.web;

import io.closedloop.routing.deciding.Activations;
import io.closedloop.routing.deciding.RulesStore;
import io.closedloop.routing.deciding.WhatIf;
import io.closedloop.routing.rules.RoutingRules;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.closedloop.routing.web.AdminRequests.blocking;
import static io.closedloop.routing.web.AdminRequests.errors;
import static io.closedloop.routing.web.AdminRequests.instant;

/**
 * Routing rules at runtime: read the versions, check a draft, try it on past complaints (what-if), and activate
 * it. A new version applies to complaints recorded from its {@code activeFrom} on, and only if every category it
 * names is in the taxonomy then in force.
 */
@RestController
@RequestMapping(path = "/api/v1/routing-rules", produces = MediaType.APPLICATION_JSON_VALUE)
class RoutingRulesController {

    private final RulesStore store;
    private final Activations activations;
    private final WhatIf whatIf;
    private final Clock clock;

    RoutingRulesController(RulesStore store, Activations activations, WhatIf whatIf, Clock clock) {
        this.store = store;
        this.activations = activations;
        this.whatIf = whatIf;
        this.clock = clock;
    }

    record Summary(int version, String stamp, Instant activeFrom, Instant createdAt, String createdBy, String note) {
        static Summary of(RulesStore.StoredRules r) {
            return new Summary(r.version(), r.stamp(), r.activeFrom(), r.createdAt(), r.createdBy(), r.note());
        }
    }

    record Version(Summary version, RoutingRules rules) {
        static Version of(RulesStore.StoredRules r) {
            return new Version(Summary.of(r), r.rules());
        }
    }

    record Check(boolean valid, List<FieldError> errors) {
    }

    @GetMapping
    Mono<List<Summary>> all() {
        return blocking(() -> store.all().stream().map(Summary::of).toList());
    }

    @GetMapping("/active")
    Mono<Version> active() {
        return blocking(() -> Version.of(store.activeAt(clock.instant())));
    }

    @GetMapping("/{version}")
    Mono<Version> version(@PathVariable int version) {
        return blocking(() -> Version.of(store.version(version)));
    }

    /** Whether a draft could be activated now: its own checks, and every category it names in the taxonomy. */
    @PostMapping(path = "/validation", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Check> check(@RequestBody(required = false) String body) {
        return blocking(() -> {
            List<FieldError> errors = errors(activations.rulesProblems(read(body), clock.instant()));
            return new Check(errors.isEmpty(), errors);
        });
    }

    /** Which past complaints a draft (or a stored version) would have sent elsewhere; nothing is changed. */
    @PostMapping(path = "/what-if", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<WhatIf.Report> whatIf(@RequestBody(required = false) String body, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return blocking(() -> {
            Instant end = instant("to", to, clock.instant());
            Instant start = instant("from", from, end.minus(Duration.ofDays(30)));
            if (!start.isBefore(end)) {
                throw new InvalidInputException("Empty period.", List.of(new FieldError("from", "must be before to")));
            }
            RoutingRules proposal = read(body);
            // checked against the taxonomies of the period it is tried on
            List<FieldError> errors = errors(activations.rulesProblems(proposal, start, end));
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The rules are not valid.", errors);
            }
            return whatIf.run(proposal, proposal.name() + "@proposed", start, end);
        });
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Version> activate(@RequestBody(required = false) String body,
            @RequestParam(required = false) String activeFrom, @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            Instant now = clock.instant();
            Instant from = AdminRequests.activeFrom(activeFrom, now);
            String by = AdminRequests.actor(caller, actor);
            return Version.of(activations.activateRules(read(body), from, now, by, note));
        });
    }

    static RoutingRules read(String body) {
        return AdminRequests.readDocument(body, RoutingRules.class, "routing rules");
    }
}
