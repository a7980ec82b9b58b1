package io.closedloop.sla.web;

import io.closedloop.sla.calendar.CalendarStore;
import io.closedloop.sla.policy.PolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
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

/**
 * Every refusal as RFC 7807 {@code application/problem+json}, naming the field and the reason in {@code errors},
 * the same shape intake-service uses. Bad input is a 4xx, always.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String TYPE_BASE = "https://closed-loop.dev/problems/";

    @ExceptionHandler(InvalidInputException.class)
    Mono<ResponseEntity<Object>> invalid(InvalidInputException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), e.errors()));
    }

    @ExceptionHandler({NotFoundException.class, PolicyStore.UnknownPolicyException.class,
            CalendarStore.UnknownCalendarException.class})
    Mono<ResponseEntity<Object>> notFound(RuntimeException e) {
        return Mono.just(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), List.of()));
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
                && !(e.getCause() instanceof DecodingException) ? e.getMethodParameter().getParameterName() : "$";
        String reason = e.getReason() == null ? "the request could not be read" : e.getReason();
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", reason,
                List.of(new FieldError(field, reason))));
    }

    static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
            List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
