package io.closedloop.feedback.web;

import com.fasterxml.jackson.databind.JsonMappingException;
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
import java.util.stream.Collectors;

/** Every refusal as RFC 7807 {@code application/problem+json} naming the field and the reason, as in intake. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(InvalidInputException.class)
    Mono<ResponseEntity<Object>> invalid(InvalidInputException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), e.errors()));
    }

    @ExceptionHandler(NotFoundException.class)
    Mono<ResponseEntity<Object>> notFound(NotFoundException e) {
        return Mono.just(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), List.of()));
    }

    @ExceptionHandler(ConflictException.class)
    Mono<ResponseEntity<Object>> conflict(ConflictException e) {
        return Mono.just(problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), e.errors()));
    }

    @ExceptionHandler(ForbiddenException.class)
    Mono<ResponseEntity<Object>> forbidden(ForbiddenException e) {
        return Mono.just(problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", e.getMessage(), e.errors()));
    }

    /**
     * A form read by hand ({@code exchange.getFormData()}, the survey page) meets the codec's limit without the
     * ServerWebInputException a {@code @RequestBody} gets: it answered 500 (found by HostileInputIT).
     */
    @ExceptionHandler(DataBufferLimitException.class)
    Mono<ResponseEntity<Object>> tooLarge(DataBufferLimitException e) {
        return Mono.just(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Body too large",
                "The body is larger than this service accepts.", List.of(new FieldError("$", "too large"))));
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                // e.g. "score": "five" names the field that could not be read, not just the body
                String field = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                        "The body could not be read.", List.of(new FieldError(field, "has the wrong type or form"))));
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DecodingException) {
                return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                        "The body is not valid JSON.", List.of(new FieldError("$", "is not valid JSON"))));
            }
        }
        String field = e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                ? e.getMethodParameter().getParameterName() : "$";
        String reason = e.getReason() == null ? "the request could not be read" : e.getReason();
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", reason,
                List.of(new FieldError(field, reason))));
    }

    public static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
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
