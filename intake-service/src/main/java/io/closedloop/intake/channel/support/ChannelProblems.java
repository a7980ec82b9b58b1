package io.closedloop.intake.channel.support;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link ChannelProblem}s as RFC 7807 problems. Ordered first so that it, not the API's catch-all handler,
 * answers them; every other exception still goes to the API's handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChannelProblems {

    static final String TYPE_BASE = "https://closed-loop.dev/problems/";

    @ExceptionHandler(ChannelProblem.class)
    ResponseEntity<ProblemDetail> problem(ChannelProblem p) {
        HttpStatus status = HttpStatus.valueOf(p.status());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, p.detail().in(p.lang()));
        body.setType(URI.create(TYPE_BASE + p.type()));
        body.setTitle(p.title().in(p.lang()));
        if (!p.issues().isEmpty()) {
            List<Map<String, String>> errors = p.issues().stream().map(i -> {
                Map<String, String> e = new LinkedHashMap<>();
                e.put("field", i.field());
                e.put("reason", i.words().en());
                e.put("message", i.words().in(p.lang()));
                return e;
            }).toList();
            body.setProperty("errors", errors);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CONTENT_LANGUAGE, p.lang().tag());
        if (p.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, p.retryAfter().toSeconds())));
        }
        return response.body(body);
    }
}
