package io.closedloop.intake.web;

import io.closedloop.intake.privacy.PersonalDataReads;

import java.util.List;

import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** For auditors: who read whose personal data. */
@RestController
@Tag(name = "personal data", description = "The record of reads of complainants' personal data")
public class PersonalDataReadsController {

    private final PersonalDataReads reads;

    public PersonalDataReadsController(PersonalDataReads reads) {
        this.reads = reads;
    }

    @Operation(summary = "Reads of personal data, newest first, of one complaint and / or by one reader")
    @GetMapping(path = "/api/v1/personal-data-reads", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<PersonalDataReads.Read>> list(@RequestParam(required = false) String complaintId,
                                                  @RequestParam(required = false) String reader,
                                                  @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            return Mono.error(new InvalidInputException(List.of(new FieldError("limit", "must be 1 to 1000"))));
        }
        return Mono.fromCallable(() -> reads.find(blankToNull(complaintId), blankToNull(reader), limit))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
