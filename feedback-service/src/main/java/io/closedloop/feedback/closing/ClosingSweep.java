package io.closedloop.feedback.closing;

import io.closedloop.contract.command.CloseComplaintCommand;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.letter.Language;
import io.closedloop.feedback.letter.Letters;
import io.closedloop.feedback.letter.Written;
import io.closedloop.feedback.loop.ResultLetterFacts;
import io.closedloop.feedback.mail.MailOutbox;
import io.closedloop.feedback.mail.OutboundMail;
import io.closedloop.feedback.survey.Survey;
import io.closedloop.feedback.survey.Surveys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * Closes the loop on resolved complaints the customer has not answered for. Each pass, from the injected clock:
 * <ul>
 *   <li>a complaint resolved longer ago than {@code closing.due-after} and still not closed is chased once per
 *   round: a reminder mail with its survey link (if the customer has an email and has not answered), and it shows
 *   on the overdue list ({@code GET /api/v1/closing/overdue}) until it is closed;</li>
 *   <li>one resolved longer ago than {@code closing.quiet-period} with no dissatisfied answer is closed by rule.</li>
 * </ul>
 * Both decisions are rows written in one transaction per complaint, with ids per round, so a pass that is repeated
 * (or runs on two instances) decides each once.
 */
@Component
class ClosingSweep {

    private static final Logger log = LoggerFactory.getLogger(ClosingSweep.class);
    private static final int BATCH = 200;

    private final ComplaintCases cases;
    private final Surveys surveys;
    private final MailOutbox mails;
    private final CommandOutbox commands;
    private final Letters letters;
    private final ResultLetterFacts facts;
    private final TransactionTemplate transactions;
    private final FeedbackProperties.Closing rule;
    private final Clock clock;
    private final Counter closedByRule;
    private final Counter chased;

    ClosingSweep(ComplaintCases cases, Surveys surveys, MailOutbox mails, CommandOutbox commands, Letters letters,
            ResultLetterFacts facts, TransactionTemplate transactions, FeedbackProperties properties, Clock clock,
            MeterRegistry meters) {
        this.cases = cases;
        this.surveys = surveys;
        this.mails = mails;
        this.commands = commands;
        this.letters = letters;
        this.facts = facts;
        this.transactions = transactions;
        this.rule = properties.closing();
        this.clock = clock;
        this.closedByRule = Counter.builder("closedloop.feedback.closing.rule")
                .description("Complaints closed by the quiet-period rule").register(meters);
        this.chased = Counter.builder("closedloop.feedback.closing.chased")
                .description("Resolved complaints chased because they were not closed by their due time")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${closedloop.feedback.closing.sweep-interval}",
            initialDelayString = "${closedloop.feedback.closing.sweep-interval}")
    void sweep() {
        try {
            Instant now = clock.instant();
            for (String id : cases.dueForChasing(now.minus(rule.dueAfter()), now.minus(rule.settle()), BATCH)) {
                transactions.executeWithoutResult(status -> chase(id, now));
            }
            if (rule.closesByRule()) {
                for (String id : cases.dueForClosing(now.minus(rule.quietPeriod()), now.minus(rule.settle()), BATCH)) {
                    transactions.executeWithoutResult(status -> closeByRule(id, now));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Closing sweep interrupted, it runs again in {}: {}", rule.sweepInterval(), e.toString());
        }
    }

    private void chase(String complaintId, Instant now) {
        ComplaintCase c = cases.lock(complaintId).orElseThrow();
        if (c.status() != ComplaintCase.Status.RESOLVED || c.chasedRound() >= c.round()) {
            return;
        }
        cases.chased(complaintId, c.round(), now);
        chased.increment();
        Survey survey = surveys.of(complaintId, c.round()).orElse(null);
        if (c.email() == null || survey == null || survey.answered() || survey.expiredAt(now)) {
            return;
        }
        Language language = facts.languageOf(c);
        Written reminder = letters.chaseReminder(facts.of(c, survey, language), language, now);
        mails.queue(new OutboundMail("chase-" + complaintId + "-r" + c.round(), complaintId,
                OutboundMail.Kind.CHASE_REMINDER, c.round(), c.email(), language, reminder.subject(),
                reminder.body(), null, null), now);
    }

    private void closeByRule(String complaintId, Instant now) {
        ComplaintCase c = cases.lock(complaintId).orElseThrow();
        if (c.status() != ComplaintCase.Status.RESOLVED || c.dissatisfiedInRound()
                || c.closeRequestedRound() >= c.round()) {
            return;
        }
        commands.queue(new CloseComplaintCommand(FeedbackCommands.id("close", complaintId, "r" + c.round()),
                complaintId, "rule: no dissatisfied answer within " + rule.quietPeriod() + " of the resolution",
                FeedbackCommands.service("closing-rule@quiet-period=" + rule.quietPeriod())), null, now);
        cases.closeRequested(complaintId, c.round());
        closedByRule.increment();
    }
}
