package io.closedloop.stream.parking;

import io.closedloop.stream.parking.ParkedComplaintRelease.FailedEvent;
import io.closedloop.stream.parking.ParkedComplaintRelease.Released;
import io.closedloop.stream.parking.ParkedComplaints.Parked;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Locale;

/**
 * For operators: the complaints a service stopped following because one of their events was dead-lettered, and the
 * way to resume each one once the cause is dealt with. Each service that parks declares it as a bean, secures the
 * path (reading: supervisors, auditors, administrators; releasing: administrators) and answers its exceptions as
 * problems: {@link InvalidReleaseRequestException} 400 naming the field,
 * {@link ParkedComplaintRelease.NotParkedException} 404 and {@link ParkedComplaintRelease.ReleaseFailedException} 409.
 */
@RestController
@RequestMapping(path = "/api/v1/parked-complaints", produces = MediaType.APPLICATION_JSON_VALUE)
public class ParkedComplaintsController {

    private final ParkedComplaints parked;
    private final ParkedComplaintRelease release;

    ParkedComplaintsController(ParkedComplaints parked, ParkedComplaintRelease release) {
        this.parked = parked;
        this.release = release;
    }

    /** {@code failedEvent}: {@code retry} handles the dead-lettered event again, {@code skip} leaves it out. */
    record ReleaseRequest(String failedEvent) {
    }

    @GetMapping
    Mono<List<Parked>> list() {
        return Mono.fromCallable(parked::list).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{complaintId}")
    Mono<Parked> one(@PathVariable String complaintId) {
        return Mono.fromCallable(() -> parked.find(complaintId)
                        .orElseThrow(() -> new ParkedComplaintRelease.NotParkedException(complaintId)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/{complaintId}/release", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Released> release(@PathVariable String complaintId, @RequestBody(required = false) ReleaseRequest body) {
        FailedEvent failedEvent = failedEvent(body);
        return Mono.fromCallable(() -> release.release(complaintId, failedEvent))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static FailedEvent failedEvent(ReleaseRequest body) {
        String value = body == null ? null : body.failedEvent();
        if (value == null || value.isBlank()) {
            throw new InvalidReleaseRequestException("failedEvent",
                    "is required: retry (handle it again, its cause is fixed) or skip (leave it out)");
        }
        try {
            return FailedEvent.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidReleaseRequestException("failedEvent", "'" + value + "' is not one of: retry, skip");
        }
    }

    /** A release request that does not say what to do with the failed event. */
    public static class InvalidReleaseRequestException extends RuntimeException {

        private final String field;
        private final String reason;

        InvalidReleaseRequestException(String field, String reason) {
            super("Say what to do with the failed event.");
            this.field = field;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return reason;
        }
    }
}
