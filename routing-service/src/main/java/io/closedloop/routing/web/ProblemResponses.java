package io.closedloop.routing.web;

import io.closedloop.routing.deciding.Activations;
import io.closedloop.routing.deciding.RulesStore;
import io.closedloop.routing.deciding.TaxonomyStore;
import io.closedloop.routing.deciding.WhatIf;
import io.closedloop.routing.models.ModelTraining;
import io.closedloop.routing.taxonomy.TaxonomyCsv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;

/** Every refusal as RFC 7807 {@code application/problem+json} naming the field and the reason, as in intake. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(InvalidInputException.class)
    Mono<ResponseEntity<Object>> invalid(InvalidInputException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), e.errors()));
    }

    /** A rules or taxonomy version that does not fit (itself, or the other): nothing was stored. */
    @ExceptionHandler(Activations.RefusedException.class)
    Mono<ResponseEntity<Object>> refused(Activations.RefusedException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(),
                AdminRequests.errors(e.problems())));
    }

    @ExceptionHandler(TaxonomyCsv.InvalidCsvException.class)
    Mono<ResponseEntity<Object>> invalidCsv(TaxonomyCsv.InvalidCsvException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                "The CSV cannot be read as a category tree; nothing was stored.", AdminRequests.errors(e.problems())));
    }

    @ExceptionHandler({NotFoundException.class, RulesStore.UnknownRulesException.class,
            TaxonomyStore.UnknownTaxonomyException.class})
    Mono<ResponseEntity<Object>> notFound(RuntimeException e) {
        return Mono.just(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), List.of()));
    }

    @ExceptionHandler(WhatIf.BusyException.class)
    Mono<ResponseEntity<Object>> busy(WhatIf.BusyException e) {
        ResponseEntity<Object> busy = problem(HttpStatus.TOO_MANY_REQUESTS, "busy", "Busy", e.getMessage(), List.of());
        return Mono.just(ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "10").body(busy.getBody()));
    }

    @ExceptionHandler(ConflictException.class)
    Mono<ResponseEntity<Object>> conflict(ConflictException e) {
        return Mono.just(problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), List.of()));
    }

    @ExceptionHandler(ModelTraining.TrainingBusyException.class)
    Mono<ResponseEntity<Object>> training(ModelTraining.TrainingBusyException e) {
        ResponseEntity<Object> busy = problem(HttpStatus.TOO_MANY_REQUESTS, "busy", "Busy", e.getMessage(), List.of());
        return Mono.just(ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "10").body(busy.getBody()));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be completed; nothing was changed. It is safe to retry.", List.of()));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return Mono.just(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Body too large",
                        "The body is larger than this service accepts.", List.of(new FieldError("$", "too large"))));
            }
        }
        String field = e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                ? e.getMethodParameter().getParameterName() : "$";
        String reason = e.getReason() == null ? "the request could not be read" : e.getReason();
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", reason,
                List.of(new FieldError(field, reason))));
    }

    static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
            List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://closed-loop.dev/problems/" + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
