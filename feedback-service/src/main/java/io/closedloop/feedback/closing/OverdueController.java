package io.closedloop.feedback.closing;

import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.survey.Survey;
import io.closedloop.feedback.survey.Surveys;
import io.closedloop.feedback.web.FieldError;
import io.closedloop.feedback.web.InvalidInputException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The "to chase" list (到期未关闭): resolved complaints not closed by their due time, oldest first, with what has
 * been done about each (reminder sent, survey answered). Contact details are masked.
 */
@RestController
@RequestMapping(path = "/api/v1/closing", produces = MediaType.APPLICATION_JSON_VALUE)
class OverdueController {

    private final ComplaintCases cases;
    private final Surveys surveys;
    private final FeedbackProperties properties;
    private final Clock clock;

    OverdueController(ComplaintCases cases, Surveys surveys, FeedbackProperties properties, Clock clock) {
        this.cases = cases;
        this.surveys = surveys;
        this.properties = properties;
        this.clock = clock;
    }

    record Overdue(String complaintId, int round, String subject, Instant resolvedAt, Instant closeDueAt,
            Duration overdueBy, String email, String phone, boolean reminderSent, Instant chasedAt,
            boolean surveyAnswered, Instant closesByRuleAt) {
    }

    @GetMapping("/overdue")
    Mono<List<Overdue>> overdue(@RequestParam(defaultValue = "200") int limit) {
        return Mono.fromCallable(() -> {
            if (limit < 1 || limit > 1000) {
                throw new InvalidInputException("The list cannot be made.",
                        List.of(new FieldError("limit", "must be 1 to 1000")));
            }
            Instant now = clock.instant();
            FeedbackProperties.Closing rule = properties.closing();
            return cases.resolvedBefore(now.minus(rule.dueAfter()), limit).stream().map(c -> {
                Instant due = c.resolvedAt().plus(rule.dueAfter());
                Survey survey = surveys.of(c.complaintId(), c.round()).orElse(null);
                var masked = c.complainant().masked();
                return new Overdue(c.complaintId(), c.round(), c.subject(), c.resolvedAt(), due,
                        Duration.between(due, now), masked.email(), masked.phone(), c.chasedRound() >= c.round()
                        && c.email() != null && survey != null && !survey.answered(),
                        c.chasedRound() >= c.round() ? cases.chasedAt(c.complaintId()) : null,
                        survey != null && survey.answered(),
                        rule.closesByRule() ? c.resolvedAt().plus(rule.quietPeriod()) : null);
            }).toList();
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
