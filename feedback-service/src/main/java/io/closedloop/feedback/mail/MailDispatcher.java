package io.closedloop.feedback.mail;

import io.closedloop.contract.Complainant;
import io.closedloop.contract.command.RecordResultFeedbackCommand;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.config.FeedbackProperties;
import io.closedloop.feedback.letter.Language;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends the mail outbox, one mail at a time, in two transactions, because SMTP and a database commit cannot be one:
 * <ol>
 *   <li>the next due mail is locked and its hand-over recorded and committed ({@code handover_started_at}; nobody
 *       takes the mail up again for {@code mail.handover-timeout});</li>
 *   <li>the mail is locked again for this hand-over, handed to the server, and marked sent (and for a result letter
 *       the {@code RecordResultFeedback} command queued) or failed in the same commit.</li>
 * </ol>
 * If the process dies or the database goes away between the server's 250 and the second commit, the mail is due
 * again later with its hand-over's outcome unknown. Then, with a journal mailbox configured ({@link MailJournal},
 * which gets a Bcc of every mail), the journal is asked for the mail's Message-ID first: found, the mail is marked
 * sent without being sent again; not found, it is sent; the journal unreachable, the mail waits as after a failed
 * send (never sent blind). Without a journal it is sent again: at least once, and the copy carries the same
 * Message-ID.
 *
 * <p>A mail the server refuses waits (first-retry-after, doubling to max-retry-after) and is tried again, for as
 * long as it takes; while the circuit breaker is open nothing is tried at all.
 */
@Component
class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
    static final String RESULT_FEEDBACK_POLICY = "result-feedback@1";

    private final MailOutbox outbox;
    private final CommandOutbox commands;
    private final ResilientMailSender sender;
    private final MailJournal journal;
    private final TransactionTemplate transactions;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    MailDispatcher(MailOutbox outbox, CommandOutbox commands, ResilientMailSender sender, MailJournal journal,
            TransactionTemplate transactions, FeedbackProperties properties, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.commands = commands;
        this.sender = sender;
        this.journal = journal;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("closedloop.feedback.mails.pending", outbox, MailOutbox::countPending)
                .description("Mails waiting in the outbox for the mail server")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${closedloop.feedback.mail.dispatch-interval}")
    void dispatch() {
        try {
            for (int i = 0; i < properties.mail().batchSize(); i++) {
                if (!dispatchOne()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Mail dispatch interrupted, mails wait in the outbox: {}", e.toString());
        }
    }

    /** @return true if there may be more mails due now */
    private boolean dispatchOne() {
        if (sender.refusesCalls()) {
            return false; // no hand-over begins that the circuit would refuse at once
        }
        Claim claim = transactions.execute(status -> claimNextDue());
        if (claim == null || claim == Claim.NOTHING_DUE) {
            return false;
        }
        if (claim == Claim.SETTLED) {
            return true;
        }
        return Boolean.TRUE.equals(transactions.execute(status -> handOver(claim)));
    }

    /**
     * What the first transaction left to do.
     *
     * @param mail            the mail to hand over, whose hand-over was recorded as begun
     * @param handoverAttempt that hand-over's number
     */
    private record Claim(OutboundMail mail, int handoverAttempt, Instant startedAt) {
        /** no mail is due */
        static final Claim NOTHING_DUE = new Claim(null, 0, null);
        /** the mail due was settled without a hand-over (found in the journal, or the journal could not be asked) */
        static final Claim SETTLED = new Claim(null, 0, null);
    }

    /** First transaction: lock the next due mail, settle an unknown outcome if the journal can, record the hand-over. */
    private Claim claimNextDue() {
        Instant now = clock.instant();
        Optional<MailOutbox.Due> next = outbox.lockNextDue(now);
        if (next.isEmpty()) {
            return Claim.NOTHING_DUE;
        }
        OutboundMail mail = next.get().mail();
        if (next.get().outcomeUnknown()) {
            if (!journal.enabled()) {
                log.warn("Mail {} was handed to the mail server before, with no recorded outcome, and there is no "
                        + "journal to ask: sending it again (the copy carries the same Message-ID)", mail.mailId());
                counter("closedloop.feedback.mails.resent", mail).increment();
            } else {
                try {
                    if (journal.holds(ResilientMailSender.messageId(mail))) {
                        markSent(mail, now);
                        counter("closedloop.feedback.mails.recovered", mail).increment();
                        log.info("Mail {} of complaint {} was found in the mail journal: recorded as sent, not sent "
                                + "again", mail.mailId(), mail.complaintId());
                        return Claim.SETTLED;
                    }
                    log.info("Mail {} is not in the mail journal: the server did not take it, sending it",
                            mail.mailId());
                } catch (MailJournal.JournalUnavailableException unavailable) {
                    // never sent blind: whether the server has it is still unknown, so the mail waits
                    int attempts = outbox.attempts(mail.mailId()) + 1;
                    Instant nextAttempt = now.plus(backOff(attempts));
                    outbox.failed(mail.mailId(), unavailable.getMessage(), now, nextAttempt, false);
                    Counter.builder("closedloop.feedback.mails.journal.unavailable").register(meters).increment();
                    log.warn("Mail {} waits until {}: {}", mail.mailId(), nextAttempt, unavailable.getMessage());
                    return Claim.SETTLED;
                }
            }
        }
        int attempt = outbox.startHandover(mail.mailId(), now, now.plus(properties.mail().handoverTimeout()));
        return new Claim(mail, attempt, now);
    }

    /**
     * Second transaction: the SMTP conversation and its outcome, under the row's lock (another instance skips the
     * mail meanwhile).
     *
     * @return true if there may be more mails due now
     */
    private boolean handOver(Claim claim) {
        OutboundMail mail = claim.mail();
        if (!outbox.lockHandover(mail.mailId(), claim.handoverAttempt())) {
            return true; // cancelled meanwhile (the complaint was reopened or withdrawn), or taken up elsewhere
        }
        Instant now = clock.instant();
        try {
            sender.send(mail, claim.startedAt());
        } catch (CallNotPermittedException open) {
            // the circuit opened meanwhile: nothing was handed over, the mail is due again, untouched
            outbox.handoverNotBegun(mail.mailId(), now);
            return false;
        } catch (ResilientMailSender.MailNotSentException failed) {
            int attempts = outbox.attempts(mail.mailId()) + 1;
            Instant nextAttempt = now.plus(backOff(attempts));
            outbox.failed(mail.mailId(), failed.getMessage(), now, nextAttempt, failed.outcomeKnown());
            counter("closedloop.feedback.mails.failed", mail).increment();
            log.warn("{} (attempt {}), next attempt at {}", failed.getMessage(), attempts, nextAttempt);
            return true;
        }
        markSent(mail, claim.startedAt());
        log.info("Sent {} {} of complaint {}", mail.kind().code(), mail.mailId(), mail.complaintId());
        return true;
    }

    /** The server has the mail: the row is sent, and a result letter is recorded on the complaint. */
    private void markSent(OutboundMail mail, Instant commandTime) {
        outbox.sent(mail.mailId(), clock.instant());
        counter("closedloop.feedback.mails.sent", mail).increment();
        if (mail.kind() == OutboundMail.Kind.RESULT_FEEDBACK) {
            // the command id is derived from the complaint and round: queued twice, it is one row and one command
            commands.queue(new RecordResultFeedbackCommand(
                    FeedbackCommands.id("result", mail.complaintId(), "r" + mail.round()), mail.complaintId(),
                    "email", summary(mail), FeedbackCommands.service(RESULT_FEEDBACK_POLICY)), null, commandTime);
        }
    }

    private Duration backOff(int attempts) {
        Duration first = properties.mail().firstRetryAfter();
        Duration max = properties.mail().maxRetryAfter();
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = first.multipliedBy(factor);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** What the complaint's stream says was sent: the medium, to whom (masked) and what it said. */
    private static String summary(OutboundMail mail) {
        String to = new Complainant(null, null, mail.recipient(), null).masked().email();
        return mail.language() == Language.ZH
                ? "书面处理结果已通过邮件发送至 " + to + "（含处理结果、处理效果、采纳的建议、后续服务及满意度调查链接，附可打印函件 PDF）"
                : "Written result sent by email to " + to + " (how it was resolved, the effect, suggestions taken, "
                        + "follow-up service and a satisfaction survey link; printable letter attached as PDF)";
    }

    private Counter counter(String name, OutboundMail mail) {
        return Counter.builder(name).tag("kind", mail.kind().code()).register(meters);
    }
}
