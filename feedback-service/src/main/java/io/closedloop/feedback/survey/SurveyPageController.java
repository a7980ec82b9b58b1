package io.closedloop.feedback.survey;

import io.closedloop.contract.TrackingNumbers;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.letter.Language;
import io.closedloop.feedback.letter.Templates;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The customer's survey page, behind the tokenised link in the result letter: a score from 1 to 5 and a comment,
 * in Chinese or English (the complaint's language, switchable), a plain HTML form that works on a phone with no
 * script and nothing loaded from elsewhere. A link can be answered once; afterwards (or once it has expired) the
 * page says so.
 */
@RestController
class SurveyPageController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    /** Only this page's own inline style; no scripts, frames or outside resources. */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final Surveys surveys;
    private final SatisfactionAnswers answers;
    private final ComplaintCases cases;
    private final Templates templates;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final Map<Language, Map<String, String>> texts = new EnumMap<>(Language.class);

    SurveyPageController(Surveys surveys, SatisfactionAnswers answers, ComplaintCases cases, Templates templates,
            FeedbackProperties properties, Clock clock) {
        this.surveys = surveys;
        this.answers = answers;
        this.cases = cases;
        this.templates = templates;
        this.properties = properties;
        this.clock = clock;
        for (Language language : Language.values()) {
            texts.put(language, load("i18n/survey_" + language.code() + ".properties"));
        }
    }

    @GetMapping(path = "/survey/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> page(@PathVariable String token, @RequestParam(required = false) String lang) {
        return Mono.fromCallable(() -> {
            Survey survey = TOKEN.matcher(token).matches() ? surveys.byToken(token).orElse(null) : null;
            Language language = language(lang, survey);
            if (survey == null) {
                return message(HttpStatus.NOT_FOUND, "unknown", language, token, null);
            }
            if (survey.answered()) {
                return message(HttpStatus.OK, "answered", language, token, survey.complaintId());
            }
            if (survey.expiredAt(clock.instant())) {
                return message(HttpStatus.GONE, "expired", language, token, survey.complaintId());
            }
            return form(HttpStatus.OK, survey, language, token, null, "", null, null);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(path = "/survey/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> submit(@PathVariable String token, ServerWebExchange exchange) {
        // a body that is not form data fails here as a ServerWebInputException (shared-security's FormDataErrors),
        // which ProblemResponses answers with a 400 problem naming the body
        return exchange.getFormData().publishOn(Schedulers.boundedElastic()).map(form -> {
            Survey survey = TOKEN.matcher(token).matches() ? surveys.byToken(token).orElse(null) : null;
            Language language = language(form.getFirst("lang"), survey);
            if (survey == null) {
                return message(HttpStatus.NOT_FOUND, "unknown", language, token, null);
            }
            Integer score = score(form);
            String comment = form.getFirst("comment") == null ? "" : form.getFirst("comment").strip();
            Map<String, String> t = texts.get(language);
            String scoreError = score == null ? t.get("scoreRequired") : null;
            String commentError = comment.codePointCount(0, comment.length()) > 2000
                    || SatisfactionController.hasControlCharacters(comment) ? t.get("commentTooLong") : null;
            if (scoreError != null || commentError != null) {
                if (survey.answered()) {
                    return message(HttpStatus.CONFLICT, "answered", language, token, survey.complaintId());
                }
                return form(HttpStatus.BAD_REQUEST, survey, language, token, score, comment, scoreError,
                        commentError);
            }
            SatisfactionAnswers.Result result = answers.byToken(token, score, comment.isEmpty() ? null : comment);
            return switch (result.outcome()) {
                case RECORDED -> message(HttpStatus.OK,
                        score <= properties.survey().dissatisfiedAtOrBelow() ? "thanksDissatisfied" : "thanksSatisfied",
                        language, token, survey.complaintId());
                case ALREADY_ANSWERED -> message(HttpStatus.CONFLICT, "answered", language, token,
                        survey.complaintId());
                case EXPIRED -> message(HttpStatus.GONE, "expired", language, token, survey.complaintId());
                default -> message(HttpStatus.NOT_FOUND, "unknown", language, token, null);
            };
        });
    }

    private ResponseEntity<String> form(HttpStatus status, Survey survey, Language language, String token,
            Integer score, String comment, String scoreError, String commentError) {
        Map<String, String> t = texts.get(language);
        Map<String, Object> model = base(language, token, survey.complaintId());
        ComplaintCase c = cases.find(survey.complaintId()).orElse(null);
        model.put("form", true);
        model.put("action", "/survey/" + token);
        model.put("subject", c == null ? null : c.subject());
        model.put("solution", c == null ? null : c.solution());
        List<Map<String, Object>> scores = new ArrayList<>();
        for (int value = 5; value >= 1; value--) {
            scores.add(Map.of("value", value, "label", t.get("score" + value),
                    "checked", score != null && score == value));
        }
        model.put("scores", scores);
        model.put("comment", comment);
        model.put("scoreError", scoreError);
        model.put("commentError", commentError);
        return page(status, model);
    }

    private ResponseEntity<String> message(HttpStatus status, String state, Language language, String token,
            String complaintId) {
        Map<String, String> t = texts.get(language);
        Map<String, Object> model = base(language, token, complaintId);
        String headingKey = state.startsWith("thanks") ? "thanksHeading" : state + "Heading";
        model.put("message", Map.of("state", state, "heading", t.get(headingKey), "text", t.get(state)));
        return page(status, model);
    }

    private Map<String, Object> base(Language language, String token, String complaintId) {
        Map<String, String> t = texts.get(language);
        Map<String, Object> model = new HashMap<>();
        model.put("t", t);
        model.put("lang", language.code());
        model.put("htmlLang", language.htmlTag());
        model.put("sender", properties.mail().fromName());
        model.put("switchUrl", "/survey/" + (TOKEN.matcher(token).matches() ? token : "invalid") + "?lang="
                + t.get("switchCode"));
        model.put("complaintId", complaintId);
        // the customer knows their complaint by its tracking number, never by the internal id
        model.put("trackingNumber", complaintId == null ? null : TrackingNumbers.forComplaint(complaintId));
        return model;
    }

    private ResponseEntity<String> page(HttpStatus status, Map<String, Object> model) {
        return ResponseEntity.status(status).contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(templates.html("survey-page", model));
    }

    private Language language(String requested, Survey survey) {
        Language chosen = Language.ofCode(requested);
        if (chosen != null) {
            return chosen;
        }
        return survey != null ? survey.language() : Language.ofCode(properties.defaultLanguage());
    }

    private static Integer score(MultiValueMap<String, String> form) {
        String value = form.getFirst("score");
        if (value == null || !value.matches("[1-5]")) {
            return null;
        }
        return Integer.parseInt(value);
    }

    private static Map<String, String> load(String path) {
        try (InputStream in = SurveyPageController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> texts = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> texts.put(name, properties.getProperty(name)));
            return Map.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
