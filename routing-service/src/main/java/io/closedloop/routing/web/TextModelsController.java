package io.closedloop.routing.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.closedloop.routing.deciding.ModelWhatIf;
import io.closedloop.routing.deciding.RulesStore;
import io.closedloop.routing.models.Activation;
import io.closedloop.routing.models.ActiveModel;
import io.closedloop.routing.models.ModelRegistry;
import io.closedloop.routing.models.ModelTraining;
import io.closedloop.routing.models.StoredModel;
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
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The text models' life cycle: list the versions, train a candidate from the shipped examples and every correction
 * so far, activate a version, roll back, and try a version (with proposed rules, if any) on past complaints.
 * Changes made through one instance are followed by every instance within seconds.
 */
@RestController
@RequestMapping(path = "/api/v1/text-models", produces = MediaType.APPLICATION_JSON_VALUE)
class TextModelsController {

    private static final int MAX_NOTE = 500;

    private final ModelRegistry registry;
    private final ModelTraining training;
    private final ActiveModel active;
    private final ModelWhatIf whatIf;
    private final Clock clock;

    TextModelsController(ModelRegistry registry, ModelTraining training, ActiveModel active, ModelWhatIf whatIf,
            Clock clock) {
        this.registry = registry;
        this.training = training;
        this.active = active;
        this.whatIf = whatIf;
        this.clock = clock;
    }

    /** What it learnt from. */
    record Training(int seedRows, int correctionRows, Long correctionsThrough, SortedMap<String, Integer> labels) {
    }

    /** The model it was compared with when trained, and that model's macro-F1 on the same folds. */
    record Baseline(String stamp, Double macroF1) {
    }

    record Version(int version, String stamp, boolean active, String modelId, Instant trainedAt, String trainedBy,
            String trigger, Training training, StoredModel.CrossValidated crossValidation, Baseline comparedWith,
            String decision) {

        static Version of(StoredModel m, Optional<Integer> activeVersion) {
            return new Version(m.version(), m.stamp(), activeVersion.map(v -> v == m.version()).orElse(false),
                    m.modelId(), m.trainedAt(), m.trainedBy(), m.trigger(),
                    new Training(m.seedRows(), m.correctionRows(), m.correctionsThrough(), m.labelCounts()),
                    m.crossValidation(),
                    m.baselineVersion() == null ? null
                            : new Baseline(StoredModel.stamp(m.baselineVersion()), m.baselineMacroF1()),
                    m.decision());
        }
    }

    record Active(Version version, Activation activation, String inUseHere) {
    }

    @GetMapping
    Mono<List<Version>> all() {
        return blocking(() -> {
            Optional<Integer> activeVersion = registry.activeVersion();
            return registry.all().stream().map(m -> Version.of(m, activeVersion)).toList();
        });
    }

    @GetMapping("/active")
    Mono<Active> active() {
        return blocking(() -> {
            Activation activation = registry.activeActivation()
                    .orElseThrow(() -> new NotFoundException("no text model is active"));
            return new Active(Version.of(registry.version(activation.version()), Optional.of(activation.version())),
                    activation, active.current().stamp());
        });
    }

    /** Every change of the active model, newest first. */
    @GetMapping("/activations")
    Mono<List<Activation>> activations() {
        return blocking(registry::activations);
    }

    @GetMapping("/{version}")
    Mono<Version> version(@PathVariable int version) {
        return blocking(() -> Version.of(stored(version), registry.activeVersion()));
    }

    /** Trains a candidate now from the seed examples and every correction so far; it is stored, not activated. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Version> train(@RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            StoredModel trained = training.trainCandidate(AdminRequests.actor(caller, actor));
            return Version.of(trained, registry.activeVersion());
        });
    }

    @PostMapping("/{version}/activation")
    Mono<Activation> activate(@PathVariable int version, @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            String by = AdminRequests.actor(caller, actor);
            String why = note(note);
            stored(version);
            return registry.activate(version, by, why == null ? "activated by hand" : why, clock.instant());
        });
    }

    /** Goes back to the model the active one replaced. */
    @PostMapping("/rollback")
    Mono<Activation> rollBack(@RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            String by = AdminRequests.actor(caller, actor);
            String why = note(note);
            try {
                return registry.rollBack(by, why, clock.instant());
            } catch (ModelRegistry.NothingToRollBackException e) {
                throw new ConflictException(e.getMessage());
            }
        });
    }

    /**
     * Which past complaints the version (with the proposed rules in the body, if any) would have classified or
     * routed otherwise than the active model and the rules then in force; changes nothing.
     */
    @PostMapping("/{version}/what-if")
    Mono<ModelWhatIf.Report> whatIf(@PathVariable int version, @RequestBody(required = false) String body,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return blocking(() -> {
            Instant end = instant("to", to, clock.instant());
            Instant start = instant("from", from, end.minus(Duration.ofDays(30)));
            if (!start.isBefore(end)) {
                throw new InvalidInputException("Empty period.", List.of(new FieldError("from", "must be before to")));
            }
            RoutingRules rules = body == null || body.isBlank() ? null : rules(body);
            stored(version);
            return whatIf.run(active.load(version), rules, rules == null ? null : rules.name() + "@proposed",
                    start, end);
        });
    }

    private StoredModel stored(int version) {
        try {
            return registry.version(version);
        } catch (ModelRegistry.UnknownModelException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw new InvalidInputException("Invalid note.", List.of(new FieldError("note",
                    "is longer than " + MAX_NOTE + " characters")));
        }
        return note.strip();
    }

    private static RoutingRules rules(String body) {
        RoutingRules rules;
        try {
            rules = RulesStore.STRICT.readValue(body, RoutingRules.class);
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
        if (rules == null) {
            throw new InvalidInputException("The rules are missing.", List.of(new FieldError("$",
                    "routing rules or no body, not null")));
        }
        List<FieldError> errors = rules.problems().stream().map(p -> {
            int colon = p.indexOf(": ");
            return colon < 0 ? new FieldError("$", p) : new FieldError(p.substring(0, colon), p.substring(colon + 2));
        }).toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The rules are not valid.", errors);
        }
        return rules;
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
