package io.closedloop.routing.web;

import io.closedloop.routing.deciding.Activations;
import io.closedloop.routing.deciding.TaxonomyStore;
import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import io.closedloop.routing.taxonomy.TaxonomyCsv;
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

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static io.closedloop.routing.web.AdminRequests.blocking;
import static io.closedloop.routing.web.AdminRequests.errors;

/**
 * The category taxonomy at runtime: read the versions, check a draft, activate it, or import one from a CSV with a
 * column per level. A new version applies to complaints recorded from its {@code activeFrom} on, and only if it keeps
 * every category the routing rules in force name; to replace a tree the rules use, activate it together with rules
 * written for it ({@code /with-rules}).
 */
@RestController
@RequestMapping(path = "/api/v1/taxonomies", produces = MediaType.APPLICATION_JSON_VALUE)
class TaxonomyController {

    static final String CSV = "text/csv";

    private final TaxonomyStore store;
    private final Activations activations;
    private final Clock clock;

    TaxonomyController(TaxonomyStore store, Activations activations, Clock clock) {
        this.store = store;
        this.activations = activations;
        this.clock = clock;
    }

    record Summary(int version, String stamp, Instant activeFrom, Instant createdAt, String createdBy, String note,
            int categories, int depth) {
        static Summary of(TaxonomyStore.StoredTaxonomy t) {
            return new Summary(t.version(), t.stamp(), t.activeFrom(), t.createdAt(), t.createdBy(), t.note(),
                    t.taxonomy().categories().size(), t.taxonomy().depth());
        }
    }

    record Version(Summary version, Taxonomy taxonomy) {
        static Version of(TaxonomyStore.StoredTaxonomy t) {
            return new Version(Summary.of(t), t.taxonomy());
        }
    }

    record Check(boolean valid, List<FieldError> errors) {
    }

    /** A CSV's check: the tree it describes (to review before activating), and what the import added. */
    record CsvCheck(boolean valid, List<FieldError> errors, List<String> notes, Taxonomy taxonomy) {
    }

    record Imported(Summary version, Taxonomy taxonomy, List<String> notes) {
    }

    /** A taxonomy and the rules written for it, activated together. */
    record Together(Taxonomy taxonomy, RoutingRules rules) {
    }

    record ActivatedTogether(Version taxonomy, RoutingRulesController.Version rules) {
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

    /** Whether a draft could be activated now: its own checks, and every category the rules in force name. */
    @PostMapping(path = "/validation", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Check> check(@RequestBody(required = false) String body) {
        return blocking(() -> {
            List<FieldError> errors = errors(activations.taxonomyProblems(read(body), clock.instant()));
            return new Check(errors.isEmpty(), errors);
        });
    }

    /** The tree a CSV describes, checked as a draft; nothing is stored. */
    // the body is required here so that a request without one maps to the JSON route alone, which refuses it: with
    // both optional, Spring found two routes for it and answered 500 (found by HostileInputIT)
    @PostMapping(path = "/validation", consumes = CSV)
    Mono<CsvCheck> checkCsv(@RequestBody String body, @RequestParam(required = false) String name,
            @RequestParam(required = false) String fallbackCategory) {
        return blocking(() -> {
            TaxonomyCsv.Result result = readCsv(body, name, fallbackCategory);
            List<FieldError> errors = errors(activations.taxonomyProblems(result.taxonomy(), clock.instant()));
            return new CsvCheck(errors.isEmpty(), errors, result.notes(), result.taxonomy().normalized());
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
            return Version.of(activations.activateTaxonomy(read(body), from, now, by, note));
        });
    }

    /** Imports a tree from a CSV (一级分类,二级分类,三级分类 ...) and activates it, as a JSON document would be. */
    @PostMapping(consumes = CSV)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Imported> importCsv(@RequestBody String body, @RequestParam(required = false) String name,
            @RequestParam(required = false) String fallbackCategory,
            @RequestParam(required = false) String activeFrom, @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            Instant now = clock.instant();
            Instant from = AdminRequests.activeFrom(activeFrom, now);
            String by = AdminRequests.actor(caller, actor);
            TaxonomyCsv.Result result = readCsv(body, name, fallbackCategory);
            TaxonomyStore.StoredTaxonomy stored = activations.activateTaxonomy(result.taxonomy(), from, now, by,
                    note != null ? note : "imported from CSV");
            return new Imported(Summary.of(stored), stored.taxonomy(), result.notes());
        });
    }

    /** A new tree and the rules written for it, in force from the same moment: how a tree the rules use is replaced. */
    @PostMapping(path = "/with-rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ActivatedTogether> activateWithRules(@RequestBody(required = false) String body,
            @RequestParam(required = false) String activeFrom, @RequestParam(required = false) String note,
            @RequestHeader(name = "X-Actor", required = false) String actor) {
        return AdminRequests.blockingAs(caller -> {
            Instant now = clock.instant();
            Instant from = AdminRequests.activeFrom(activeFrom, now);
            String by = AdminRequests.actor(caller, actor);
            Together together = AdminRequests.readDocument(body, Together.class, "a taxonomy with its rules");
            List<FieldError> missing = new java.util.ArrayList<>();
            if (together.taxonomy() == null) {
                missing.add(new FieldError("taxonomy", "is required"));
            }
            if (together.rules() == null) {
                missing.add(new FieldError("rules", "is required: the rules written for the new taxonomy"));
            }
            if (!missing.isEmpty()) {
                throw new InvalidInputException("A taxonomy and its rules are both required.", missing);
            }
            Activations.Pair pair = activations.activateTogether(together.taxonomy(), together.rules(), from, now, by,
                    note);
            return new ActivatedTogether(Version.of(pair.taxonomy()), RoutingRulesController.Version.of(pair.rules()));
        });
    }

    private static Taxonomy read(String body) {
        return AdminRequests.readDocument(body, Taxonomy.class, "a taxonomy");
    }

    private static TaxonomyCsv.Result readCsv(String body, String name, String fallbackCategory) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("The new taxonomy needs a name.", List.of(new FieldError("name",
                    "is required, e.g. ?name=gov-hotline")));
        }
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("A CSV body is required.", List.of(new FieldError("$",
                    "a CSV with a header row naming the levels is required, e.g. 一级分类,二级分类,三级分类")));
        }
        return TaxonomyCsv.read(new StringReader(body), name.strip(), fallbackCategory);
    }
}
