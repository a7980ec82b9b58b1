package io.closedloop.intake.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import io.closedloop.intake.intake.JsonFieldErrors;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;

/**
 * Every refusal as RFC 7807 {@code application/problem+json}, naming the field and the reason in {@code errors}:
 * {@code [{"field": "complainant.email", "reason": "is not an email address"}]}. Bad input is a 4xx, always.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    public static final String TYPE_BASE = "https://closed-loop.dev/problems/";

    @ExceptionHandler(InvalidInputException.class)
    Mono<ResponseEntity<Object>> invalid(InvalidInputException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), e.errors()));
    }

    @ExceptionHandler({ComplaintNotFoundException.class, AggregateNotFoundException.class})
    Mono<ResponseEntity<Object>> notFound(RuntimeException e) {
        return Mono.just(problem(HttpStatus.NOT_FOUND, "complaint-not-found", "No such complaint",
                "There is no complaint with this id.", List.of()));
    }

    @ExceptionHandler(PersonalDataErasedException.class)
    Mono<ResponseEntity<Object>> erased(PersonalDataErasedException e) {
        return Mono.just(problem(HttpStatus.GONE, "personal-data-erased", "Personal data erased",
                e.getMessage(), List.of()));
    }

    @ExceptionHandler(CommandRejectedException.class)
    Mono<ResponseEntity<Object>> rejected(CommandRejectedException e) {
        return Mono.just(problem(HttpStatus.CONFLICT, "command-rejected", "Refused by the complaint's rules",
                e.getMessage(), List.of()));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unexpected(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AggregateNotFoundException notFound) {
                return notFound(notFound);
            }
            if (StoreUnavailable.is(t)) {
                // the event store cannot take the complaint now (database down or restarting, its disk full):
                // nothing was recorded, and the client should come back, not treat it as a bug (it was the 500
                // below; load-harness faults now counts every 500 intake answers during an outage as trouble)
                log.warn("event store unavailable, answering 503: {}", t.toString());
                return Mono.just(retryLater("store-unavailable", "Store unavailable",
                        "The complaint store cannot record anything right now, so this request was not confirmed. "
                                + "Retry shortly: a repeat of the same request is harmless.", 5));
            }
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                // still losing the race after the processor's retries: nothing was recorded, so say "try again"
                return Mono.just(retryLater("busy", "Complaint busy",
                        "The complaint was changed by several requests at once; nothing was recorded. Retry.", 1));
            }
        }
        log.error("unexpected failure", e);
        return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The request could not be completed; nothing was accepted. It is safe to retry.", List.of()));
    }

    /** 503 with {@code Retry-After}: nothing was recorded, and the same request may be sent again. */
    static ResponseEntity<Object> retryLater(String type, String title, String detail, int retryAfterSeconds) {
        ResponseEntity<Object> refused = problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail, List.of());
        return ResponseEntity.status(refused.getStatusCode()).headers(refused.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds)).body(refused.getBody());
    }

    /** Body that could not be read: malformed JSON, wrong types, unknown enum values, bad dates, too large. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e, HttpHeaders headers,
                                                                        HttpStatusCode status, ServerWebExchange exchange) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return Mono.just(tooLarge());
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                        "The body does not match the expected shape.", List.of(JsonFieldErrors.of("", mapping))));
            }
            if (t instanceof JsonProcessingException json) {
                String where = json.getLocation() == null ? ""
                        : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
                return Mono.just(problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                        "The body is not valid JSON" + where + ".", List.of(new FieldError("$", "malformed JSON" + where))));
            }
        }
        String reason = e.getReason() != null && e.getReason().contains("No request body")
                ? "a JSON body is required" : e.getReason() == null ? "the request could not be read" : e.getReason();
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", reason,
                List.of(new FieldError("$", reason))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    Mono<ResponseEntity<Object>> payloadTooLarge(PayloadTooLargeException e) {
        return Mono.just(tooLarge());
    }

    static ResponseEntity<Object> tooLarge() {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Body too large",
                "A complaint body may be at most " + RequestSizeLimit.MAX_BYTES / 1024
                        + " KiB; send attachments as references.", List.of(new FieldError("$", "body too large")));
    }

    static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
                                          List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

}
