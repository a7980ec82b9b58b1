package io.closedloop.feedback.loop;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.command.RecordResultFeedbackCommand;
import io.closedloop.feedback.care.CareTask;
import io.closedloop.feedback.care.CareTasks;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.compensation.Compensation;
import io.closedloop.feedback.compensation.Compensations;
import io.closedloop.feedback.letter.Language;
import io.closedloop.feedback.letter.Letters;
import io.closedloop.feedback.letter.Written;
import io.closedloop.feedback.mail.MailOutbox;
import io.closedloop.feedback.survey.Survey;
import io.closedloop.feedback.survey.Surveys;
import io.closedloop.feedback.web.Checks;
import io.closedloop.feedback.web.ConflictException;
import io.closedloop.feedback.web.FieldError;
import io.closedloop.feedback.web.InvalidInputException;
import io.closedloop.feedback.web.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Where one complaint's loop stands (feedback, survey, mails, compensation, care), its printable result letter,
 * and the record that a printed letter was posted; and the mail outbox, for operators.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class FeedbackController {

    private static final Set<String> MAIL_STATUSES = Set.of("pending", "sent", "cancelled");

    private final ComplaintCases cases;
    private final Surveys surveys;
    private final MailOutbox mails;
    private final Compensations compensations;
    private final CareTasks care;
    private final Letters letters;
    private final ResultLetterFacts facts;
    private final CommandOutbox commands;
    private final TransactionTemplate transactions;
    private final Clock clock;

    FeedbackController(ComplaintCases cases, Surveys surveys, MailOutbox mails, Compensations compensations,
            CareTasks care, Letters letters, ResultLetterFacts facts, CommandOutbox commands,
            TransactionTemplate transactions, Clock clock) {
        this.cases = cases;
        this.surveys = surveys;
        this.mails = mails;
        this.compensations = compensations;
        this.care = care;
        this.letters = letters;
        this.facts = facts;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
    }

    record SurveyState(int round, boolean answered, Integer score, String method, Instant answeredAt,
            Instant expiresAt) {
    }

    record Summary(String complaintId, String status, int round, String language, Complainant contact,
            Instant resolvedAt, Instant resultFeedbackSentAt, Instant closedAt, String duplicateOf,
            SurveyState survey, List<Map<String, Object>> mails, List<Compensation> compensations,
            List<CareTask> careTasks) {
    }

    record Dispatch(String medium, String by) {
    }

    record DispatchRecorded(String complaintId, int round, String medium, String commandId) {
    }

    @GetMapping("/complaints/{id}/feedback")
    Mono<Summary> summary(@PathVariable String id) {
        return blocking(() -> {
            ComplaintCase c = known(id);
            Survey survey = c.round() == 0 ? null : surveys.of(id, c.round()).orElse(null);
            return new Summary(id, c.status().code(), c.round(), facts.languageOf(c).code(),
                    c.complainant().masked(), c.resolvedAt(), c.resultFeedbackSentAt(), c.closedAt(),
                    c.duplicateOf(), survey == null ? null : new SurveyState(survey.round(), survey.answered(),
                    survey.score(), survey.method(), survey.answeredAt(), survey.expiresAt()),
                    mails.list(null, id, 50), compensations.of(id), care.list(null, null, id, 50));
        });
    }

    /** The printable result letter of the latest resolution, in the customer's language unless {@code lang}. */
    @GetMapping(path = "/complaints/{id}/result-letter", produces = MediaType.APPLICATION_PDF_VALUE)
    Mono<ResponseEntity<byte[]>> resultLetter(@PathVariable String id, @RequestParam(required = false) String lang) {
        return blocking(() -> {
            Language language = lang == null ? null : Language.ofCode(lang);
            if (lang != null && language == null) {
                throw new InvalidInputException("The letter cannot be made.",
                        List.of(new FieldError("lang", "must be zh or en")));
            }
            ComplaintCase c = known(id);
            if (c.round() == 0) {
                throw new ConflictException("The complaint is not resolved, so there is no result to write.",
                        new FieldError("id", "is not resolved"));
            }
            Language chosen = language != null ? language : facts.languageOf(c);
            Survey survey = surveys.of(id, c.round()).orElse(null);
            Instant now = clock.instant();
            Written letter = letters.result(facts.of(c, survey, chosen), chosen, now);
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename(Letters.pdfName(id, chosen)).build().toString())
                    .body(letters.pdf(letter, now));
        });
    }

    /** A printed letter was posted (or handed over): the complaint records the written result feedback. */
    @PostMapping(path = "/complaints/{id}/result-letter/dispatches", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<DispatchRecorded> dispatched(@PathVariable String id, @RequestBody(required = false) Dispatch body) {
        return blocking(() -> {
            List<FieldError> errors = new ArrayList<>();
            Checks.id("id", id, errors);
            if (body == null || !"letter".equals(body.medium())) {
                errors.add(new FieldError("medium", "must be letter (mails are recorded when they are sent)"));
            }
            Checks.actor("by", body == null ? null : body.by(), errors);
            InvalidInputException.throwIfAny("The dispatch cannot be recorded.", errors);
            return transactions.execute(status -> {
                ComplaintCase c = cases.lock(id).orElseThrow(() -> unknown(id));
                if (c.round() == 0 || (c.status() != ComplaintCase.Status.RESOLVED
                        && c.status() != ComplaintCase.Status.CLOSED)) {
                    throw new ConflictException("Result feedback follows a resolution; the complaint is "
                            + c.status().code() + ".", new FieldError("id", "is not resolved"));
                }
                String commandId = FeedbackCommands.id("result", id, "r" + c.round(), "letter");
                Language language = facts.languageOf(c);
                String summary = language == Language.ZH
                        ? "书面处理结果函已打印并邮寄给客户（含处理结果、处理效果、采纳的建议、后续服务及满意度调查链接）"
                        : "Printed result letter posted to the customer (how it was resolved, the effect, "
                                + "suggestions taken, follow-up service and a satisfaction survey link)";
                commands.queue(new RecordResultFeedbackCommand(commandId, id, "letter", summary,
                        Actor.user(body.by().strip())), null, clock.instant());
                return new DispatchRecorded(id, c.round(), "letter", commandId);
            });
        });
    }

    @GetMapping("/outbox/mails")
    Mono<List<Map<String, Object>>> outbox(@RequestParam(required = false) String status,
            @RequestParam(required = false) String complaintId, @RequestParam(defaultValue = "100") int limit) {
        return blocking(() -> {
            List<FieldError> errors = new ArrayList<>();
            if (status != null && !MAIL_STATUSES.contains(status)) {
                errors.add(new FieldError("status", "must be pending, sent or cancelled"));
            }
            if (limit < 1 || limit > 1000) {
                errors.add(new FieldError("limit", "must be 1 to 1000"));
            }
            InvalidInputException.throwIfAny("The outbox cannot be listed.", errors);
            return mails.list(status, complaintId, limit);
        });
    }

    private ComplaintCase known(String id) {
        return cases.find(id).orElseThrow(() -> unknown(id));
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException("Complaint " + id + " is not known to feedback-service.");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
