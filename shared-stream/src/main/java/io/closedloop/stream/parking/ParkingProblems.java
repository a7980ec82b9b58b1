package io.closedloop.stream.parking;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The operators' endpoint's failures as problem+json, in the platform's shape (type, title, detail and, for bad
 * input, {@code errors} naming the field and the reason). First in line, ahead of each service's catch-all.
 */
@RestControllerAdvice(assignableTypes = ParkedComplaintsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ParkingProblems {

    @ExceptionHandler(ParkedComplaintsController.InvalidReleaseRequestException.class)
    ResponseEntity<ProblemDetail> invalid(ParkedComplaintsController.InvalidReleaseRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(),
                List.of(Map.of("field", e.field(), "reason", e.reason())));
    }

    @ExceptionHandler(ParkedComplaintRelease.NotParkedException.class)
    ResponseEntity<ProblemDetail> notParked(ParkedComplaintRelease.NotParkedException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), List.of());
    }

    @ExceptionHandler(ParkedComplaintRelease.ReleaseFailedException.class)
    ResponseEntity<ProblemDetail> releaseFailed(ParkedComplaintRelease.ReleaseFailedException e) {
        return problem(HttpStatus.CONFLICT, "release-failed", "Release failed", e.getMessage(), List.of());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail,
            List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://closed-loop.dev/problems/" + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
