package io.closedloop.feedback.survey;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.command.RecordSatisfactionCommand;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * Takes a customer's answer, from the survey page or from staff, and turns it into {@code RecordSatisfaction}
 * for the complaint, in one transaction with the survey's row: a survey is answered once, and its command is
 * queued once ({@code feedback-satisfaction-<complaint>-r<round>}). What the answer leads to (reopening or closing)
 * is decided when the complaint has recorded it (SatisfactionRecorded).
 */
@Service
public class SatisfactionAnswers {

    /** How the answer was taken, as the complaint records it. */
    public enum Method {
        ONLINE("online"), PHONE("phone"), ONSITE("onsite"), THIRD_PARTY("third-party");

        private final String code;

        Method(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Method ofCode(String code) {
            for (Method m : values()) {
                if (m.code.equals(code)) {
                    return m;
                }
            }
            return null;
        }
    }

    public enum Outcome { RECORDED, ALREADY_ANSWERED, EXPIRED, UNKNOWN, NOT_RESOLVED }

    public record Result(Outcome outcome, Survey survey) {
    }

    private final Surveys surveys;
    private final ComplaintCases cases;
    private final CommandOutbox commands;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SatisfactionAnswers(Surveys surveys, ComplaintCases cases, CommandOutbox commands,
            TransactionTemplate transactions, Clock clock) {
        this.surveys = surveys;
        this.cases = cases;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The customer's own answer, through the survey link. */
    public Result byToken(String token, int score, String comment) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            Survey survey = surveys.byToken(token).orElse(null);
            if (survey == null) {
                return new Result(Outcome.UNKNOWN, null);
            }
            if (survey.answered()) {
                return new Result(Outcome.ALREADY_ANSWERED, survey);
            }
            if (survey.expiredAt(now)) {
                return new Result(Outcome.EXPIRED, survey);
            }
            return record(survey, score, comment, Method.ONLINE, null,
                    Actor.customer(Channel.WEB, "feedback-survey"), now);
        });
    }

    /** An answer taken by staff or a third party for the complaint's latest resolution. */
    public Result byStaff(String complaintId, int score, String comment, Method method, String takenBy) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            ComplaintCase c = cases.lock(complaintId).orElse(null);
            if (c == null) {
                return new Result(Outcome.UNKNOWN, null);
            }
            if (c.round() == 0 || (c.status() != ComplaintCase.Status.RESOLVED
                    && c.status() != ComplaintCase.Status.CLOSED)) {
                return new Result(Outcome.NOT_RESOLVED, null);
            }
            Survey survey = surveys.of(complaintId, c.round()).orElse(null);
            if (survey == null) {
                return new Result(Outcome.NOT_RESOLVED, null);
            }
            if (survey.answered()) {
                return new Result(Outcome.ALREADY_ANSWERED, survey);
            }
            return record(survey, score, comment, method, takenBy, Actor.user(takenBy), now);
        });
    }

    private Result record(Survey survey, int score, String comment, Method method, String takenBy, Actor actor,
            Instant now) {
        if (!surveys.answer(survey.surveyId(), score, comment, method.code(), takenBy, now)) {
            return new Result(Outcome.ALREADY_ANSWERED, survey);
        }
        commands.queue(new RecordSatisfactionCommand(
                FeedbackCommands.id("satisfaction", survey.complaintId(), "r" + survey.round()),
                survey.complaintId(), score, comment, method.code(), actor), null, now);
        return new Result(Outcome.RECORDED, surveys.byId(survey.surveyId()).orElseThrow());
    }
}
