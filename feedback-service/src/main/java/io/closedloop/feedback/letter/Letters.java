package io.closedloop.feedback.letter;

import io.closedloop.contract.TrackingNumbers;
import io.closedloop.feedback.config.FeedbackProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the texts customers get, from the templates: the result letter (mail body and printable PDF are the
 * same words) and the reminder for a complaint whose closing is overdue. A template's first line is
 * {@code Subject: ...}; the rest is the body.
 */
@Component
public class Letters {

    public static final String RESULT = "result-letter";
    public static final String CHASE = "chase-reminder";

    private static final DateTimeFormatter ZH_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.CHINA);
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final Templates templates;
    private final LetterPdf pdf;
    private final FeedbackProperties properties;

    public Letters(Templates templates, LetterPdf pdf, FeedbackProperties properties) {
        this.templates = templates;
        this.pdf = pdf;
        this.properties = properties;
    }

    public Written result(ResultFacts facts, Language language, Instant now) {
        return written(RESULT, facts, language, now);
    }

    public Written chaseReminder(ResultFacts facts, Language language, Instant now) {
        return written(CHASE, facts, language, now);
    }

    public byte[] pdf(Written letter, Instant now) {
        return pdf.render(letter, properties.mail().fromName(), now);
    }

    /** The attachment's file name, ASCII so that every mail client shows it. */
    public static String pdfName(String complaintId, Language language) {
        return "result-letter-" + complaintId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + language.code() + ".pdf";
    }

    private Written written(String template, ResultFacts facts, Language language, Instant now) {
        DateTimeFormatter dates = language == Language.ZH ? ZH_DATE : EN_DATE;
        Map<String, Object> model = new HashMap<>();
        model.put("complaintId", facts.complaintId());
        // the number the customer was given when they complained, and types into the status page
        model.put("trackingNumber", TrackingNumbers.forComplaint(facts.complaintId()));
        model.put("customerName", blankToNull(facts.customerName()));
        model.put("receivedDate", facts.receivedAt() == null ? null
                : dates.format(facts.receivedAt().atZone(properties.zone())));
        model.put("subject", blankToNull(facts.subject()));
        model.put("solution", facts.solution());
        model.put("effect", blankToNull(facts.effect()));
        List<String> suggestions = facts.suggestionsTaken() == null ? List.of()
                : facts.suggestionsTaken().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        model.put("suggestionsTaken", suggestions);
        model.put("hasSuggestions", !suggestions.isEmpty());
        List<String> compensations = facts.compensations() == null ? List.of() : facts.compensations();
        model.put("compensations", compensations);
        model.put("hasCompensations", !compensations.isEmpty());
        model.put("followUp", blankToNull(facts.followUp()));
        model.put("surveyUrl", facts.surveyUrl());
        model.put("surveyValidUntil", facts.surveyValidUntil() == null ? null
                : dates.format(facts.surveyValidUntil().atZone(properties.zone())));
        model.put("signature", properties.mail().fromName());
        model.put("letterDate", dates.format(now.atZone(properties.zone())));
        String text = templates.text(template, language, model).replace("\r\n", "\n");
        // templates keep sections on lines of their own; what an empty section leaves behind is folded away
        text = text.replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
        if (!text.startsWith("Subject: ")) {
            throw new IllegalStateException("template " + template + "." + language.code()
                    + " must start with a 'Subject: ' line");
        }
        int lineEnd = text.indexOf('\n');
        String subject = text.substring("Subject: ".length(), lineEnd < 0 ? text.length() : lineEnd).strip();
        String body = lineEnd < 0 ? "" : text.substring(lineEnd + 1).strip() + "\n";
        return new Written(language, subject, body);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
