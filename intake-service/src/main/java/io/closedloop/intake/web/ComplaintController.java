package io.closedloop.intake.web;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintWords;
import io.closedloop.intake.privacy.PersonalDataKeys;
import io.closedloop.intake.privacy.PersonalDataReads;
import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import io.closedloop.security.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.RequestParam;
import io.closedloop.contract.Actor;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.AcknowledgeComplaintCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.PromiseExtensionCommand;
import io.closedloop.contract.command.RecordCustomerReplyCommand;
import io.closedloop.contract.command.RequestCustomerInformationCommand;
import io.closedloop.contract.command.ResolveComplaintCommand;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.intake.command.ComplaintCommandProcessor;
import io.closedloop.intake.history.ComplaintHistory;
import io.closedloop.intake.history.ComplaintView;
import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.intake.intake.ComplaintIntake;
import io.closedloop.intake.intake.ComplaintSubmissionReader;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import io.closedloop.intake.tracking.TrackingNumberIndex;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * The complaint API. Writes block on the event store (Axon and JDBC are blocking), so they run on the bounded
 * elastic scheduler, never on the event loop. A write answers only after its events are committed.
 */
@RestController
@RequestMapping(path = "/api/v1/complaints", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "complaints", description = "Take complaints in, read them back, and record department actions")
public class ComplaintController {

    static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{36}");

    private final ComplaintIntake intake;
    private final ComplaintHistory history;
    private final ComplaintCommandProcessor commands;
    private final ComplaintSubmissionReader reader;
    private final TrackingNumberIndex trackingNumbers;
    private final PersonalDataReads personalDataReads;

    public ComplaintController(ComplaintIntake intake, ComplaintHistory history, ComplaintCommandProcessor commands,
                               ComplaintSubmissionReader reader, TrackingNumberIndex trackingNumbers,
                               PersonalDataReads personalDataReads) {
        this.intake = intake;
        this.personalDataReads = personalDataReads;
        this.trackingNumbers = trackingNumbers;
        this.reader = reader;
        this.history = history;
        this.commands = commands;
    }

    /**
     * The answer to a submission: the complaint's id, where to read it, and the tracking number to give the customer
     * (with it and their phone's last four digits or their email, they follow it on {@code /status.html}).
     */
    public record Accepted(String complaintId, boolean created, String location, String trackingNumber) {
    }

    /** The answer to a department action: the complaint as it stands after it. */
    public record ActionResult(String outcome, ComplaintView complaint) {
    }

    @Operation(summary = "File a complaint from any channel",
            description = "201 with the new complaint's id once it is durable; 200 with the same id when this "
                    + "channel + channelMessageId was filed before (nothing new is created).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ComplaintSubmission.class)))
    public Mono<ResponseEntity<Accepted>> submit(@RequestBody JsonNode body,
                                                 @RequestHeader(name = "X-Channel-Adapter", required = false) String adapter,
                                                 @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId,
                                                 UriComponentsBuilder uri) {
        return Callers.current().flatMap(caller -> blocking(() -> {
            ComplaintSubmission submission = reader.read(body);
            // a channel adapter signed in with its key is who it says it is; the header is only a label otherwise
            String adapterName = caller.has(Role.CHANNEL_ADAPTER) ? caller.name() : adapterName(adapter);
            Actor actor = Actor.customer(submission.channel(), adapterName);
            ComplaintIntake.Receipt receipt = intake.submit(submission, actor, correlationId);
            // indexed now, not only when the tracking-numbers processor gets to it: the customer may look it up at once
            String trackingNumber = trackingNumbers.register(receipt.complaintId(), submission.receivedAt());
            String location = uri.path("/api/v1/complaints/{id}").buildAndExpand(receipt.complaintId()).toUriString();
            return ResponseEntity.status(receipt.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .header("Location", location)
                    .body(new Accepted(receipt.complaintId(), receipt.created(), location, trackingNumber));
        }));
    }

    @Operation(summary = "A complaint's current state, folded from its stream (personal data masked)",
            description = "404 also when the complaint is assigned to another department than the caller's: a "
                    + "department sees only its own complaints, and not even whether others exist.")
    @GetMapping("/{id}")
    public Mono<ComplaintView> get(@PathVariable String id) {
        return Callers.current().flatMap(caller -> blocking(() -> visibleTo(caller, id)));
    }

    @Operation(summary = "A complaint's whole stream, in order, as recorded (personal data masked): the audit view")
    @GetMapping("/{id}/events")
    public Mono<List<ComplaintEventEnvelope>> events(@PathVariable String id) {
        return Callers.current().flatMap(caller -> blocking(() -> {
            List<ComplaintEventEnvelope> events = history.events(checked(id))
                    .orElseThrow(() -> new ComplaintNotFoundException(id));
            // read once: the department that decides who may see them is folded from the same events
            if (!caller.maySee(ComplaintHistory.fold(events).department())) {
                throw new ComplaintNotFoundException(id);
            }
            return events;
        }));
    }

    /**
     * The complainant's personal data, unmasked, for whoever must contact them.
     *
     * @param words the subject and text as the customer wrote them, when the complaint shows them with personal
     *              details masked; null when nothing in them was masked
     */
    public record ComplainantDetails(String complaintId, Complainant complainant, ComplaintWords words) {
    }

    @Operation(summary = "The complainant's name and contact details, unmasked, and the complaint's words as "
            + "written if personal details in them are masked; every read is recorded",
            description = "For agents, supervisors, auditors and the assigned department. The read (who, role, "
                    + "department, purpose, time) is committed before the data is returned; auditors list them at "
                    + "GET /api/v1/personal-data-reads. purpose: why (optional, at most 200 characters). "
                    + "410 Gone once the person's data was erased.")
    @GetMapping("/{id}/complainant")
    public Mono<ComplainantDetails> complainant(@PathVariable String id,
                                                @RequestParam(name = "purpose", required = false) String purpose) {
        return Callers.current().flatMap(caller -> blocking(() -> {
            if (purpose != null && purpose.length() > 200) {
                throw new InvalidInputException(List.of(new FieldError("purpose", "is longer than 200 characters")));
            }
            if (caller.has(Role.ADMIN) && !caller.has(Role.SUPERVISOR) && !caller.has(Role.AUDITOR)
                    && !caller.has(Role.AGENT)) {
                // configuring the platform does not need anyone's phone number
                throw new AccessDeniedException("administrators configure the platform and do not read personal data");
            }
            ComplaintView complaint = visibleTo(caller, id);
            PersonalDataKeys.Reading reading = history.complainant(complaint.complaintId());
            if (reading instanceof PersonalDataKeys.Reading.Erased) {
                throw new PersonalDataErasedException(complaint.complaintId());
            }
            personalDataReads.record(complaint.complaintId(), caller, blankToNull(purpose));
            return new ComplainantDetails(complaint.complaintId(),
                    reading instanceof PersonalDataKeys.Reading.Readable r ? r.complainant() : null,
                    history.words(complaint.complaintId()).orElse(null));
        }));
    }

    @Operation(summary = "The responsible department acknowledges the complaint to the customer")
    @PostMapping(path = "/{id}/acknowledgement", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> acknowledge(@PathVariable String id, @RequestBody DepartmentActions.Acknowledge body,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                          @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            requireActor(by);
            return new AcknowledgeComplaintCommand(commandId(key), complaintId, body.department(), body.message(),
                    Actor.user(by));
        });
    }

    @Operation(summary = "Record a step of the handling")
    @PostMapping(path = "/{id}/progress-notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> noteProgress(@PathVariable String id, @RequestBody DepartmentActions.NoteProgress body,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                           @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            if (body == null || body.note() == null || body.note().isBlank()) {
                errors.add(new FieldError("note", "is required and must not be blank"));
            }
            throwIfAny(errors);
            return new NoteProgressCommand(commandId(key), complaintId, body.note(), Actor.user(by));
        });
    }

    @Operation(summary = "Tell the customer in advance that a deadline cannot be met, why, and when to expect the result")
    @PostMapping(path = "/{id}/extensions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> promiseExtension(@PathVariable String id,
                                               @RequestBody DepartmentActions.PromiseExtension body,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                               @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            if (body == null || body.newEta() == null) {
                errors.add(new FieldError("newEta", "is required: the new expected time, ISO-8601"));
            }
            if (body == null || body.reason() == null || body.reason().isBlank()) {
                errors.add(new FieldError("reason", "is required: the customer is told why"));
            }
            throwIfAny(errors);
            return new PromiseExtensionCommand(commandId(key), complaintId, body.clockId(), body.newEta(), body.reason(),
                    Actor.user(by));
        });
    }

    @Operation(summary = "Record the solution the department decided and carried out",
            description = "effect, suggestionsTaken and followUp are optional; feedback-service writes them into the "
                    + "customer's result feedback (email and printable letter).")
    @PostMapping(path = "/{id}/resolution", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> resolve(@PathVariable String id, @RequestBody DepartmentActions.Resolve body,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                      @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            if (body == null || body.solution() == null || body.solution().isBlank()) {
                errors.add(new FieldError("solution", "is required and must not be blank"));
            }
            if (body != null && body.suggestionsTaken() != null) {
                for (int i = 0; i < body.suggestionsTaken().size(); i++) {
                    String suggestion = body.suggestionsTaken().get(i);
                    if (suggestion == null || suggestion.isBlank()) {
                        errors.add(new FieldError("suggestionsTaken[" + i + "]", "must not be blank"));
                    }
                }
            }
            throwIfAny(errors);
            return new ResolveComplaintCommand(commandId(key), complaintId, body.solution(), blankToNull(body.effect()),
                    body.suggestionsTaken() == null || body.suggestionsTaken().isEmpty() ? null
                            : List.copyOf(body.suggestionsTaken()),
                    blankToNull(body.followUp()), Actor.user(by));
        });
    }

    @Operation(summary = "Correct the complaint's classification (a person's decision)",
            description = "Records a ComplaintClassified event with correction=true and the person as its actor. "
                    + "routing-service keeps every correction as a labelled example for the next training of its "
                    + "text model. The assignment stays as it is: to move the complaint, transfer it "
                    + "(routing-service, POST /api/v1/complaints/{id}/transfers). 409 when the complaint is closed "
                    + "or withdrawn.")
    @PostMapping(path = "/{id}/classification", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> reclassify(@PathVariable String id, @RequestBody DepartmentActions.Reclassify body,
                                         @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                         @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            InfoType infoType = null;
            if (body == null || body.infoType() == null || body.infoType().isBlank()) {
                errors.add(new FieldError("infoType", "is required: one of " + INFO_TYPE_CODES));
            } else {
                infoType = Arrays.stream(InfoType.values())
                        .filter(t -> t.code().equals(body.infoType().strip().toLowerCase(Locale.ROOT)))
                        .findFirst().orElse(null);
                if (infoType == null) {
                    errors.add(new FieldError("infoType", "'" + abbreviated(body.infoType()) + "' is not one of "
                            + INFO_TYPE_CODES));
                }
            }
            codeErrors("category", body == null ? null : body.category(), true, errors);
            codeErrors("severity", body == null ? null : body.severity(), true, errors);
            List<String> topics = body == null || body.topics() == null ? List.of() : body.topics();
            if (topics.size() > 20) {
                errors.add(new FieldError("topics", "has more than 20 entries"));
            }
            for (int i = 0; i < topics.size(); i++) {
                String topic = topics.get(i);
                if (topic == null || topic.isBlank()) {
                    errors.add(new FieldError("topics[" + i + "]", "must not be blank"));
                } else if (topic.length() > 100) {
                    errors.add(new FieldError("topics[" + i + "]", "is longer than 100 characters"));
                }
            }
            if (body != null && body.reason() != null && body.reason().length() > 1000) {
                errors.add(new FieldError("reason", "is longer than 1000 characters"));
            }
            throwIfAny(errors);
            // classifiedBy says who decided and why, as the rules and models say which rule or version decided
            String classifiedBy = "person:" + by.strip()
                    + (body.reason() == null || body.reason().isBlank() ? "" : " (" + body.reason().strip() + ")");
            return new ClassifyComplaintCommand(commandId(key), complaintId, infoType, body.category().strip(),
                    body.severity().strip(), topics.stream().map(String::strip).toList(), classifiedBy, 1.0, true,
                    Actor.user(by.strip()));
        });
    }

    @Operation(summary = "Ask the customer for information; the complaint waits for the customer and its clocks pause",
            description = "Another question while already waiting is accepted. 409 when the complaint is closed or "
                    + "withdrawn.")
    @PostMapping(path = "/{id}/information-requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> requestCustomerInformation(@PathVariable String id,
                                                         @RequestBody DepartmentActions.InformationRequest body,
                                                         @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                         @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            if (body == null || body.question() == null || body.question().isBlank()) {
                errors.add(new FieldError("question", "is required and must not be blank"));
            }
            throwIfAny(errors);
            return new RequestCustomerInformationCommand(commandId(key), complaintId, body.question(),
                    Actor.user(by));
        });
    }

    @Operation(summary = "Record the customer's answer to a request for information; the clocks resume",
            description = "409 when no information was requested from the customer (the complaint is not waiting), "
                    + "or the complaint is closed or withdrawn.")
    @PostMapping(path = "/{id}/customer-replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ActionResult> recordCustomerReply(@PathVariable String id,
                                                  @RequestBody DepartmentActions.CustomerReply body,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                  @RequestHeader(name = CORRELATION_HEADER, required = false) String correlationId) {
        return act(id, correlationId, body, body == null ? null : body.by(), (complaintId, by) -> {
            List<FieldError> errors = actorErrors(by);
            if (body == null || body.reply() == null || body.reply().isBlank()) {
                errors.add(new FieldError("reply", "is required and must not be blank"));
            }
            throwIfAny(errors);
            return new RecordCustomerReplyCommand(commandId(key), complaintId, body.reply(), Actor.user(by));
        });
    }

    /**
     * Runs a department action on a complaint the caller may see. {@code by} is who acted: a person who signed in
     * acts as themselves ({@code by} may be left out, and must not name someone else, since the stream records who
     * acted); a system (a department's own application) names in {@code by} the person it acts for.
     */
    private Mono<ActionResult> act(String id, String correlationId, Object body, String by,
                                   BiFunction<String, String, ComplaintCommand> command) {
        return Callers.current().flatMap(caller -> blocking(() -> {
            if (body == null) {
                throw new InvalidInputException(List.of(new FieldError("body", "is required: a JSON object")));
            }
            String actor = actingPerson(caller, by);
            String complaintId = visibleTo(caller, id).complaintId();
            ComplaintCommandProcessor.Result result = commands.process(command.apply(complaintId, actor), correlationId);
            if (!result.outcome().accepted()) {
                throw new CommandRejectedException(result.outcome().reason());
            }
            return new ActionResult(result.repeat() ? "already-applied" : "applied",
                    history.current(complaintId).orElseThrow(() -> new ComplaintNotFoundException(id)));
        }));
    }

    /**
     * The complaint, if the caller may see it: a department user or system only its own department's. Anything
     * else is "not found", so that a department cannot even learn that another department's complaint exists.
     */
    private ComplaintView visibleTo(Caller caller, String id) {
        ComplaintView complaint = history.current(checked(id)).orElseThrow(() -> new ComplaintNotFoundException(id));
        if (!caller.maySee(complaint.department())) {
            throw new ComplaintNotFoundException(id);
        }
        return complaint;
    }

    private static String actingPerson(Caller caller, String by) {
        if (!caller.person()) {
            return by;
        }
        if (by == null || by.isBlank() || by.strip().equals(caller.name())) {
            return caller.name();
        }
        throw new InvalidInputException(List.of(new FieldError("by", "must be left out or be your own user name ("
                + caller.name() + "): you are signed in, and the complaint's stream records who acted")));
    }

    /** The channel adapter named by the caller, or the API itself; recorded as the actor of the complaint. */
    private static String adapterName(String header) {
        if (header == null || header.isBlank()) {
            return "http-api";
        }
        if (header.length() > 100) {
            throw new InvalidInputException(List.of(new FieldError("X-Channel-Adapter", "is longer than 100 characters")));
        }
        return header.strip();
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ComplaintNotFoundException(id);
        }
        return id.toLowerCase();
    }

    private static String commandId(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        if (idempotencyKey.length() > 200) {
            throw new InvalidInputException(List.of(new FieldError("Idempotency-Key", "is longer than 200 characters")));
        }
        return idempotencyKey;
    }

    private static List<FieldError> actorErrors(String by) {
        List<FieldError> errors = new ArrayList<>();
        if (by == null || by.isBlank()) {
            errors.add(new FieldError("by", "is required: the user id of the person acting"));
        } else if (by.length() > 100) {
            errors.add(new FieldError("by", "is longer than 100 characters"));
        }
        return errors;
    }

    private static void requireActor(String by) {
        throwIfAny(actorErrors(by));
    }

    private static final String INFO_TYPE_CODES = Arrays.stream(InfoType.values()).map(InfoType::code)
            .collect(Collectors.joining(", "));

    /** Categories and severities are codes of routing's data (e.g. {@code logistics/lost}, {@code major}). */
    private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_./-]{0,99}");

    private static void codeErrors(String field, String value, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required and must not be blank"));
            }
        } else if (!CODE.matcher(value.strip()).matches()) {
            errors.add(new FieldError(field, "'" + abbreviated(value) + "' is not a code: letters, digits, '_', '.', "
                    + "'/' and '-', at most 100 characters, e.g. 'logistics/lost'"));
        }
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
