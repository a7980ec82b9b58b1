package io.closedloop.sla.web;

import io.closedloop.stream.parking.ParkedComplaintRelease;
import io.closedloop.stream.parking.ParkedComplaintRelease.FailedEvent;
import io.closedloop.stream.parking.ParkedComplaintRelease.Released;
import io.closedloop.stream.parking.ParkedComplaints;
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
 * For operators: the complaints sla-timer-service stopped following (their clocks wait) because one of their events was dead-lettered,
 * and the way to resume each one once the cause is dealt with.
 */
@RestController
@RequestMapping(path = "/api/v1/parked-complaints", produces = MediaType.APPLICATION_JSON_VALUE)
class ParkedComplaintsController {

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
                        .orElseThrow(() -> new NotFoundException("complaint " + complaintId + " is not parked")))
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
            throw new InvalidInputException("Say what to do with the failed event.", List.of(new FieldError(
                    "failedEvent", "is required: retry (handle it again, its cause is fixed) or skip (leave it out)")));
        }
        try {
            return FailedEvent.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Say what to do with the failed event.", List.of(new FieldError(
                    "failedEvent", "'" + value + "' is not one of: retry, skip")));
        }
    }
}
