package io.closedloop.routing.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Routing rules at runtime: read the versions, check a draft, try it on past complaints (what-if), and activate
 * it. A new version applies to complaints recorded from its {@code activeFrom} on.
 */
@RestController
@RequestMapping(path = "/api/v1/routing-rules", produces = MediaType.APPLICATION_JSON_VALUE)
class RoutingRulesController {

    private final RulesStore store;
    private final WhatIf whatIf;
    private final Clock clock;

    RoutingRulesController(RulesStore store, WhatIf whatIf, Clock clock) {
        this.store = store;
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

    @PostMapping(path = "/validation", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Check> check(@RequestBody(required = false) String body) {
        return blocking(() -> {
            List<FieldError> errors = errors(read(body).problems());
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
            List<FieldError> errors = errors(proposal.problems());
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
        return blocking(() -> {
            Instant now = clock.instant();
            Instant from = instant("activeFrom", activeFrom, now);
            if (from.isBefore(now)) {
                throw new InvalidInputException("Invalid activeFrom.", List.of(new FieldError("activeFrom",
                        "must not be in the past: complaints already routed keep their version")));
            }
            RoutingRules rules = read(body);
            List<FieldError> errors = errors(rules.problems());
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The rules are not valid; nothing was stored.", errors);
            }
            String by = actor == null || actor.isBlank() ? "admin-api" : actor.strip();
            if (by.length() > 100) {
                throw new InvalidInputException("Invalid X-Actor.", List.of(new FieldError("X-Actor",
                        "is longer than 100 characters")));
            }
            return Version.of(store.activate(rules, from, now, by, note));
        });
    }

    private static RoutingRules read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$",
                    "routing rules are required")));
        }
        try {
            RoutingRules rules = RulesStore.STRICT.readValue(body, RoutingRules.class);
            if (rules == null) {
                throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$",
                        "routing rules are required, not null")));
            }
            return rules;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidInputException("The rules do not match the expected shape.",
                    List.of(new FieldError(path.isEmpty() ? "$" : path, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The body is not valid JSON.", List.of(new FieldError("$",
                    "malformed JSON")));
        }
    }

    private static List<FieldError> errors(List<String> problems) {
        return problems.stream().map(p -> {
            int colon = p.indexOf(": ");
            return colon < 0 ? new FieldError("$", p) : new FieldError(p.substring(0, colon), p.substring(colon + 2));
        }).toList();
    }

    private static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            Instant instant = Instant.parse(value.strip());
            if (instant.isBefore(Instant.parse("2000-01-01T00:00:00Z"))
                    || instant.isAfter(Instant.parse("2999-12-31T00:00:00Z"))) {
                throw new InvalidInputException("Invalid " + field + ".",
                        List.of(new FieldError(field, "must lie between 2000 and 2999")));
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Invalid " + field + ".",
                    List.of(new FieldError(field, "is not an ISO-8601 instant, e.g. 2026-09-30T09:55:00Z")));
        }
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
