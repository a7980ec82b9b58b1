package io.closedloop.sla.web;

import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/** JDBC work runs off the event loop; query parameters are parsed with field-level errors. */
final class Blocking {

    /** Complaints are handled in these centuries; an instant outside them is a typo, and dates cannot reach it. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2999-12-31T00:00:00Z");

    private Blocking() {
    }

    static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Invalid " + field + ".",
                    List.of(new FieldError(field, "is not an ISO-8601 instant, e.g. 2026-09-30T09:55:00Z")));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInputException("Invalid " + field + ".",
                    List.of(new FieldError(field, "must lie between " + EARLIEST + " and " + LATEST)));
        }
        return instant;
    }

    static Duration duration(String field, String value) {
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Invalid " + field + ".",
                    List.of(new FieldError(field, "is not an ISO-8601 duration, e.g. PT2H")));
        }
    }

    /** Who changes it: the caller, and the person a system names in X-Actor ({@link Caller#actorFor}). */
    static String actor(Caller caller, String header) {
        try {
            return caller.actorFor(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Invalid X-Actor.", List.of(new FieldError("X-Actor", e.getMessage())));
        }
    }

    /** {@link #call} with the caller, to record who did it. */
    static <T> Mono<T> callAs(java.util.function.Function<Caller, T> work) {
        return Callers.current().flatMap(caller -> call(() -> work.apply(caller)));
    }
}
