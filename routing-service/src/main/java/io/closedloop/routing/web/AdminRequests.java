package io.closedloop.routing.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.closedloop.routing.deciding.RulesStore;
import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** What the admin APIs for versioned documents (routing rules, taxonomy) read from a request alike. */
final class AdminRequests {

    private AdminRequests() {
    }

    /**
     * An operator's JSON document, read strictly: an unknown field is a typo, and the error names it.
     *
     * @param what what the document is, for the reason: e.g. {@code routing rules}
     */
    static <T> T readDocument(String body, Class<T> type, String what) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$",
                    what + " as JSON is required")));
        }
        try {
            T document = RulesStore.STRICT.readValue(body, type);
            if (document == null) {
                throw new InvalidInputException("A JSON body is required.", List.of(new FieldError("$",
                        what + " as JSON is required, not null")));
            }
            return document;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidInputException("The body does not match the shape of " + what + ".",
                    List.of(new FieldError(path.isEmpty() ? "$" : path, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The body is not valid JSON.", List.of(new FieldError("$",
                    "malformed JSON")));
        }
    }

    /** Problems written as {@code <field>: <reason>}, as field errors. */
    static List<FieldError> errors(List<String> problems) {
        return problems.stream().map(p -> {
            int colon = p.indexOf(": ");
            return colon < 0 ? new FieldError("$", p) : new FieldError(p.substring(0, colon), p.substring(colon + 2));
        }).toList();
    }

    static Instant instant(String field, String value, Instant otherwise) {
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

    /** When a new version takes effect: now unless given, and never in the past. */
    static Instant activeFrom(String value, Instant now) {
        Instant from = instant("activeFrom", value, now);
        if (from.isBefore(now)) {
            throw new InvalidInputException("Invalid activeFrom.", List.of(new FieldError("activeFrom",
                    "must not be in the past: complaints already routed keep their version")));
        }
        return from;
    }

    /** Who activates: the caller, and the person a system names in X-Actor ({@link Caller#actorFor}). */
    static String actor(Caller caller, String header) {
        try {
            return caller.actorFor(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Invalid X-Actor.", List.of(new FieldError("X-Actor", e.getMessage())));
        }
    }

    /** {@link #blocking} with the caller, to record who did it. */
    static <T> Mono<T> blockingAs(java.util.function.Function<Caller, T> work) {
        return Callers.current().flatMap(caller -> blocking(() -> work.apply(caller)));
    }

    /** JDBC and CPU-heavy work, off the event loop. */
    static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
