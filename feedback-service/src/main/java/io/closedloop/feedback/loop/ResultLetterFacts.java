package io.closedloop.feedback.loop;

import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.compensation.Compensations;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.letter.Language;
import io.closedloop.feedback.letter.ResultFacts;
import io.closedloop.feedback.survey.Survey;
import org.springframework.stereotype.Component;

/** Gathers what a complaint's result letter says, for the mail, the printable letter and the reminder alike. */
@Component
public class ResultLetterFacts {

    private final Compensations compensations;
    private final FeedbackProperties properties;

    ResultLetterFacts(Compensations compensations, FeedbackProperties properties) {
        this.compensations = compensations;
        this.properties = properties;
    }

    public ResultFacts of(ComplaintCase c, Survey survey, Language language) {
        return new ResultFacts(c.complaintId(), c.complainant().name(), c.receivedAt(), c.subject(), c.solution(),
                c.effect(), c.suggestionsTaken(), c.followUp(), compensations.letterLines(c.complaintId(), language),
                survey == null ? null : surveyUrl(survey), survey == null ? null : survey.expiresAt());
    }

    public String surveyUrl(Survey survey) {
        return properties.publicBaseUrl() + "/survey/" + survey.token();
    }

    public Language languageOf(ComplaintCase c) {
        return Language.of(c.language(), Language.ofCode(properties.defaultLanguage()));
    }
}
