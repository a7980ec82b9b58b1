package io.closedloop.routing.web;

import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import io.closedloop.contract.Actor;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.routing.deciding.RoutingCommands;
import io.closedloop.routing.deciding.RulesStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A person moves a complaint to another department, with the reason. The request is sent to the complaint, which
 * records the transfer (or refuses it, e.g. when it is closed, and records why); the new department then gets the
 * complaint's whole story on its topic.
 */
@RestController
@RequestMapping(path = "/api/v1/complaints", produces = MediaType.APPLICATION_JSON_VALUE)
class TransferController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final KafkaTemplate<String, byte[]> kafka;
    private final RulesStore rules;
    private final Clock clock;

    TransferController(KafkaTemplate<String, byte[]> kafka, RulesStore rules, Clock clock) {
        this.kafka = kafka;
        this.rules = rules;
        this.clock = clock;
    }

    record TransferRequest(String toDepartment, String reason, String by) {
    }

    record Accepted(String complaintId, String commandId, String toDepartment) {
    }

    @PostMapping(path = "/{id}/transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Accepted> transfer(@PathVariable String id, @RequestBody(required = false) TransferRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> send(id, asActedBy(caller, body), key))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * A person who signed in transfers as themselves: {@code by} may be left out and may not name someone else,
     * since the complaint's stream records who moved it. A system names the person it acts for.
     */
    private static TransferRequest asActedBy(Caller caller, TransferRequest body) {
        if (!caller.person() || body == null) {
            return body;
        }
        if (body.by() != null && !body.by().isBlank() && !body.by().strip().equals(caller.name())) {
            throw new InvalidInputException("The transfer cannot be made.", List.of(new FieldError("by",
                    "must be left out or be your own user name (" + caller.name() + "): you are signed in")));
        }
        return new TransferRequest(body.toDepartment(), body.reason(), caller.name());
    }

    private Accepted send(String id, TransferRequest body, String key) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "must be 1 to 64 letters, digits or . _ : -"));
        }
        if (body == null || body.toDepartment() == null) {
            errors.add(new FieldError("toDepartment", "is required"));
        } else {
            // a typo would hand the complaint to a topic nobody reads: only departments the rules know
            Set<String> known = rules.activeAt(clock.instant()).rules().departments();
            if (!known.contains(body.toDepartment())) {
                errors.add(new FieldError("toDepartment", "is not a department of the routing rules in force: "
                        + known));
            }
        }
        if (body == null || body.reason() == null || body.reason().isBlank() || body.reason().length() > 2000) {
            errors.add(new FieldError("reason", "is required, at most 2000 characters: the department is told why"));
        }
        if (body == null || body.by() == null || body.by().isBlank() || body.by().length() > 100) {
            errors.add(new FieldError("by", "is required, at most 100 characters: who transfers it"));
        }
        if (key != null && (key.isBlank() || key.length() > 100)) {
            errors.add(new FieldError("Idempotency-Key", "must be 1 to 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The transfer cannot be made.", errors);
        }
        String commandId = "transfer-" + (key != null ? key.strip() : UUID.randomUUID().toString());
        var command = new TransferComplaintCommand(commandId, id, body.toDepartment(), body.reason().strip(),
                Actor.user(body.by().strip()));
        // accepted only once the broker has it; a client that gets an error retries with its Idempotency-Key
        kafka.send(RoutingCommands.record(command, null)).get(35, TimeUnit.SECONDS);
        return new Accepted(id, commandId, body.toDepartment());
    }
}
