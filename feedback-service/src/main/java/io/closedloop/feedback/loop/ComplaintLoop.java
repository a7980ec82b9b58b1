package io.closedloop.feedback.loop;

import io.closedloop.contract.command.CloseComplaintCommand;
import io.closedloop.contract.command.ReopenComplaintCommand;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.PersonalDataErasedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import io.closedloop.feedback.care.CareTasks;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplainantDirectory;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.compensation.Compensations;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.letter.Language;
import io.closedloop.feedback.letter.Letters;
import io.closedloop.feedback.letter.Written;
import io.closedloop.feedback.mail.MailOutbox;
import io.closedloop.feedback.mail.OutboundMail;
import io.closedloop.feedback.repeat.RepeatComplaints;
import io.closedloop.feedback.survey.Survey;
import io.closedloop.feedback.survey.Surveys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * What feedback-service does about each complaint event, inside the transaction that records the event in the
 * inbox: every decision (a mail, a survey, a command, a care task) is a row written in that transaction, so a
 * redelivered or replayed event, which the inbox turns away, decides nothing twice, and a crash loses nothing.
 *
 * <ul>
 *   <li>ComplaintResolved: a new round; a survey with its own link; the written result (mail with the printable
 *   letter attached) to the customer's email. Without an email the letter is printed
 *   ({@code GET .../result-letter}) and its posting recorded.</li>
 *   <li>SatisfactionRecorded: a score at or below the threshold reopens the complaint and opens a care task; a
 *   higher one confirms closing.</li>
 *   <li>ComplaintReceived: a repeat of an earlier complaint of the same customer about the same issue is marked.</li>
 *   <li>Compensation events move the compensation on; the complaint's refusals of this service's commands are
 *   recorded where they matter.</li>
 * </ul>
 */
@Component
public class ComplaintLoop {

    private static final Logger log = LoggerFactory.getLogger(ComplaintLoop.class);
    static final String SATISFACTION_POLICY = "satisfaction-threshold@";

    private final ComplaintCases cases;
    private final Surveys surveys;
    private final MailOutbox mails;
    private final CommandOutbox commands;
    private final Letters letters;
    private final ResultLetterFacts facts;
    private final Compensations compensations;
    private final CareTasks care;
    private final RepeatComplaints repeats;
    private final FeedbackProperties properties;
    private final MeterRegistry meters;
    private final ComplainantDirectory complainants;

    ComplaintLoop(ComplaintCases cases, Surveys surveys, MailOutbox mails, CommandOutbox commands, Letters letters,
            ResultLetterFacts facts, Compensations compensations, CareTasks care, RepeatComplaints repeats,
            FeedbackProperties properties, MeterRegistry meters, ComplainantDirectory complainants) {
        this.cases = cases;
        this.surveys = surveys;
        this.mails = mails;
        this.commands = commands;
        this.letters = letters;
        this.facts = facts;
        this.compensations = compensations;
        this.care = care;
        this.repeats = repeats;
        this.properties = properties;
        this.meters = meters;
        this.complainants = complainants;
    }

    public void on(ComplaintEventEnvelope event, Instant now) {
        ComplaintEvent payload = event.payload();
        if (payload instanceof ComplaintReceivedEvent received) {
            if (cases.find(received.complaintId()).isPresent()) {
                return; // delivered again: intake need not be asked (and the read recorded) twice
            }
            if (cases.insert(received, complainants.complainantOf(received).orElse(null), now)) {
                repeats.check(cases.find(received.complaintId()).orElseThrow(), event.correlationId(), now);
            }
            return;
        }
        Optional<ComplaintCase> known = cases.lock(event.complaintId());
        if (known.isEmpty()) {
            // the stream is read from its start, so this is a complaint whose first event was dead-lettered
            log.warn("Event {} ({}) of complaint {}, which this service never saw received: ignored",
                    event.eventId(), event.type(), event.complaintId());
            return;
        }
        ComplaintCase c = known.get();
        cases.touched(c.complaintId(), now);
        if (payload instanceof ComplaintResolvedEvent resolved) {
            resolved(c, resolved, event, now);
        } else if (payload instanceof SatisfactionRecordedEvent satisfaction) {
            satisfaction(c, satisfaction, event, now);
        } else if (payload instanceof ResultFeedbackSentEvent sent) {
            cases.resultFeedbackSent(c.complaintId(), sent.sentAt() != null ? sent.sentAt() : event.occurredAt());
        } else if (payload instanceof ComplaintReopenedEvent) {
            cases.status(c.complaintId(), ComplaintCase.Status.OPEN, null, now);
            mails.cancelPending(c.complaintId(), "the complaint was reopened before the mail went out", now);
        } else if (payload instanceof ComplaintClosedEvent closed) {
            cases.status(c.complaintId(), ComplaintCase.Status.CLOSED,
                    closed.closedAt() != null ? closed.closedAt() : event.occurredAt(), now);
        } else if (payload instanceof ComplaintWithdrawnEvent) {
            cases.status(c.complaintId(), ComplaintCase.Status.WITHDRAWN, null, now);
            mails.cancelPending(c.complaintId(), "the complaint was withdrawn", now);
        } else if (payload instanceof PersonalDataErasedEvent) {
            cases.forgetComplainant(c.complaintId());
            mails.forgetRecipient(c.complaintId(), now);
        } else if (payload instanceof DuplicateDetectedEvent duplicate) {
            cases.duplicateOf(c.complaintId(), duplicate.originalComplaintId());
        } else if (payload instanceof CompensationProposedEvent proposed) {
            compensations.proposed(proposed, now);
        } else if (payload instanceof CompensationApprovedEvent approved) {
            compensations.approved(approved, now);
        } else if (payload instanceof CompensationPaidEvent paid) {
            compensations.paid(paid, now);
        } else if (payload instanceof CommandRejectedEvent rejected && rejected.commandId() != null
                && rejected.commandId().startsWith(FeedbackCommands.PREFIX)) {
            refused(rejected, now);
        }
    }

    private void resolved(ComplaintCase before, ComplaintResolvedEvent e, ComplaintEventEnvelope event, Instant now) {
        int round = cases.resolved(e, now);
        ComplaintCase c = cases.find(e.complaintId()).orElseThrow();
        Language language = facts.languageOf(c);
        Survey survey = surveys.open(c.complaintId(), round, language, now, properties.survey().validFor());
        Instant decidedAt = event.occurredAt() != null ? event.occurredAt() : now;
        if (decidedAt.isBefore(now.minus(properties.mail().maxEventAge()))) {
            log.info("Resolution of complaint {} (round {}) recorded at {} is older than {}: no mail, it is history",
                    c.complaintId(), round, decidedAt, properties.mail().maxEventAge());
            counter("closedloop.feedback.result.letters", "too-old").increment();
            return;
        }
        if (c.email() == null) {
            log.info("Complaint {} has no email: its result letter (round {}) is to be printed and posted",
                    c.complaintId(), round);
            counter("closedloop.feedback.result.letters", "to-post").increment();
            return;
        }
        Written letter = letters.result(facts.of(c, survey, language), language, now);
        mails.queue(new OutboundMail("result-" + c.complaintId() + "-r" + round, c.complaintId(),
                OutboundMail.Kind.RESULT_FEEDBACK, round, c.email(), language, letter.subject(), letter.body(),
                Letters.pdfName(c.complaintId(), language), letters.pdf(letter, now)), now);
        counter("closedloop.feedback.result.letters", "mailed").increment();
    }

    private void satisfaction(ComplaintCase c, SatisfactionRecordedEvent e, ComplaintEventEnvelope event,
            Instant now) {
        // an answer recorded on the complaint another way (not through this service) still ends the round's survey
        surveys.of(c.complaintId(), c.round()).filter(s -> !s.answered()).ifPresent(s -> surveys.answer(
                s.surveyId(), e.score(), e.comment(), e.method(), e.actor() == null ? null : e.actor().id(), now));
        int threshold = properties.survey().dissatisfiedAtOrBelow();
        String policy = SATISFACTION_POLICY + "<=" + threshold;
        if (e.score() <= threshold) {
            cases.dissatisfied(c.complaintId());
            String comment = e.comment() == null || e.comment().isBlank() ? "" : "：" + clip(e.comment().strip());
            commands.queue(new ReopenComplaintCommand(FeedbackCommands.id("reopen", event.eventId()),
                    c.complaintId(), "客户不满意（评分 %d/5）%s / the customer is dissatisfied (score %d/5)"
                            .formatted(e.score(), comment, e.score()),
                    FeedbackCommands.service(policy)), event.correlationId(), now);
            care.open("care-" + event.eventId(), c.complaintId(), e.score(), e.comment(), now);
            counter("closedloop.feedback.satisfaction", "dissatisfied").increment();
        } else {
            counter("closedloop.feedback.satisfaction", "satisfied").increment();
            if (c.status() == ComplaintCase.Status.RESOLVED && c.closeRequestedRound() < c.round()) {
                commands.queue(new CloseComplaintCommand(FeedbackCommands.id("close", c.complaintId(), "r" + c.round()),
                        c.complaintId(), "customer-confirmed: satisfied, score %d/5 (%s)".formatted(e.score(),
                        e.method()), FeedbackCommands.service(policy)), event.correlationId(), now);
                cases.closeRequested(c.complaintId(), c.round());
            }
        }
    }

    /** The complaint refused one of this service's commands: recorded where someone will look for it. */
    private void refused(CommandRejectedEvent rejected, Instant now) {
        log.warn("Complaint {} refused {} {}: {}", rejected.complaintId(), rejected.commandType(),
                rejected.commandId(), rejected.reason());
        Counter.builder("closedloop.feedback.commands.refused").tag("type", rejected.commandType())
                .description("Commands of this service the complaint refused").register(meters).increment();
        String prefix = FeedbackCommands.PREFIX + "compensation-";
        if (rejected.commandId().startsWith(prefix)) {
            String rest = rejected.commandId().substring(prefix.length());
            int step = rest.lastIndexOf('-');
            if (step > 0) {
                compensations.refused(rest.substring(0, step), rejected.commandType(), rejected.reason(), now);
            }
        }
    }

    private static String clip(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private Counter counter(String name, String outcome) {
        return Counter.builder(name).tag("outcome", outcome).register(meters);
    }
}
