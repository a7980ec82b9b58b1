package io.closedloop.feedback.survey;

import io.closedloop.feedback.web.Checks;
import io.closedloop.feedback.web.ConflictException;
import io.closedloop.feedback.web.FieldError;
import io.closedloop.feedback.web.InvalidInputException;
import io.closedloop.feedback.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Satisfaction answers as JSON: one taken by phone, on site or by a third party (recorded by the person who took
 * it), and the customer's own answer with the survey token (what the survey page does, for other front ends).
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class SatisfactionController {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|\\p{Cs}");

    private final SatisfactionAnswers answers;

    SatisfactionController(SatisfactionAnswers answers) {
        this.answers = answers;
    }

    record StaffAnswer(Integer score, String comment, String method, String takenBy) {
    }

    record CustomerAnswer(Integer score, String comment) {
    }

    record Recorded(String complaintId, int round, int score, String comment, String method, String status) {
        static Recorded of(Survey s) {
            return new Recorded(s.complaintId(), s.round(), s.score(), s.comment(), s.method(), "recorded");
        }
    }

    @PostMapping(path = "/complaints/{id}/satisfaction", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Recorded> byStaff(@PathVariable String id, @RequestBody(required = false) StaffAnswer body) {
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            Checks.id("id", id, errors);
            score(body == null ? null : body.score(), errors);
            Checks.text("comment", body == null ? null : body.comment(), 2000, errors);
            SatisfactionAnswers.Method method = body == null ? null : SatisfactionAnswers.Method.ofCode(body.method());
            if (method == null || method == SatisfactionAnswers.Method.ONLINE) {
                errors.add(new FieldError("method", "must be phone, onsite or third-party (online answers come "
                        + "through the survey link)"));
            }
            Checks.actor("takenBy", body == null ? null : body.takenBy(), errors);
            InvalidInputException.throwIfAny("The answer cannot be recorded.", errors);
            SatisfactionAnswers.Result result = answers.byStaff(id, body.score(),
                    Checks.strippedOrNull(body.comment()), method, body.takenBy().strip());
            return switch (result.outcome()) {
                case RECORDED -> Recorded.of(result.survey());
                case UNKNOWN -> throw new NotFoundException("Complaint " + id + " is not known to feedback-service.");
                case NOT_RESOLVED -> throw new ConflictException("Satisfaction is asked after the complaint is "
                        + "resolved; it is not.", new FieldError("id", "is not resolved"));
                default -> throw new ConflictException("The customer has answered for this resolution already "
                        + "(score " + result.survey().score() + ", " + result.survey().method() + ").",
                        new FieldError("id", "was answered already for its latest resolution"));
            };
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/surveys/{token}/answer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Recorded> byCustomer(@PathVariable String token, @RequestBody(required = false) CustomerAnswer body) {
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            score(body == null ? null : body.score(), errors);
            Checks.text("comment", body == null ? null : body.comment(), 2000, errors);
            InvalidInputException.throwIfAny("The answer cannot be recorded.", errors);
            SatisfactionAnswers.Result result = answers.byToken(token, body.score(),
                    Checks.strippedOrNull(body.comment()));
            return switch (result.outcome()) {
                case RECORDED -> Recorded.of(result.survey());
                case ALREADY_ANSWERED -> throw new ConflictException("This survey was answered already; a link "
                        + "can be used once.", new FieldError("token", "was used already"));
                case EXPIRED -> throw new ConflictException("This survey link has expired.",
                        new FieldError("token", "has expired"));
                default -> throw new NotFoundException("No survey has this token.");
            };
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static void score(Integer score, List<FieldError> errors) {
        if (score == null || score < 1 || score > 5) {
            errors.add(new FieldError("score", "is required, a whole number from 1 to 5"));
        }
    }

    static boolean hasControlCharacters(String text) {
        return CONTROL.matcher(text).find();
    }
}
