package io.closedloop.intake.web;

import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import io.closedloop.intake.privacy.PersonalDataErasures;
import io.closedloop.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Erasure requests: a person asks to be forgotten; a supervisor (the privacy officer) carries it out. */
@RestController
@Tag(name = "personal data", description = "The record of reads of complainants' personal data, and erasures")
public class PersonalDataErasuresController {

    private static final int MAX_REASON = 500;

    /**
     * Who to erase: the complaint they made, or any contact detail they gave (all their complaints are erased,
     * however many). {@code reason}: the request's reference or ground, never the person's details.
     */
    public record ErasureRequest(String complaintId, String phone, String email, String customerId, String reason) {
    }

    private final PersonalDataErasures erasures;

    public PersonalDataErasuresController(PersonalDataErasures erasures) {
        this.erasures = erasures;
    }

    @Operation(summary = "Erase a person's personal data from every complaint they made (crypto-shredding)",
            description = "Destroys the person's key: their name and contact details can no longer be read "
                    + "through the API, the stream export, any Kafka record or any backup of the event store. Each "
                    + "complaint records PersonalDataErased; the rest of its stream stays. Safe to repeat.")
    @PostMapping(path = "/api/v1/personal-data-erasures", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PersonalDataErasures.Erasure> erase(@RequestBody ErasureRequest body) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            if (body == null || allBlank(body.complaintId(), body.phone(), body.email(), body.customerId())) {
                errors.add(new FieldError("complaintId", "a complaint id, phone, email or customer id is required"));
            }
            if (body == null || body.reason() == null || body.reason().isBlank()) {
                errors.add(new FieldError("reason", "is required: the request's reference or ground"));
            } else if (body.reason().length() > MAX_REASON) {
                errors.add(new FieldError("reason", "is longer than " + MAX_REASON + " characters"));
            }
            if (body != null) {
                tooLong(errors, "complaintId", body.complaintId(), 64);
                tooLong(errors, "phone", body.phone(), 100);
                tooLong(errors, "email", body.email(), 320);
                tooLong(errors, "customerId", body.customerId(), 200);
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            Set<String> subjects = erasures.subjects(strip(body.complaintId()), strip(body.phone()),
                    strip(body.email()), strip(body.customerId()));
            if (subjects.isEmpty()) {
                // also the answer for a complaint recorded before sealing: there is no key to destroy
                throw new ComplaintNotFoundException(body.complaintId());
            }
            return erasures.erase(subjects, body.reason().strip(), caller.name());
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    @Operation(summary = "Erasures carried out, newest first")
    @GetMapping(path = "/api/v1/personal-data-erasures", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<PersonalDataErasures.Recorded>> list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            return Mono.error(new InvalidInputException(List.of(new FieldError("limit", "must be 1 to 1000"))));
        }
        return Mono.fromCallable(() -> erasures.recorded(limit)).subscribeOn(Schedulers.boundedElastic());
    }

    private static void tooLong(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
        }
    }

    private static boolean allBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
