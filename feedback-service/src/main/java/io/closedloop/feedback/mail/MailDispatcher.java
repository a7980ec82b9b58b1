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
 * Sends the mail outbox, one mail per transaction: the row is locked, the mail handed to the server, the row
 * marked sent, and for a result letter the {@code RecordResultFeedback} command queued, all before the commit.
 * A mail the server refuses waits (first-retry-after, doubling to max-retry-after) and is tried again, for as long
 * as it takes; while the circuit breaker is open nothing is tried at all.
 */
@Component
class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
    static final String RESULT_FEEDBACK_POLICY = "result-feedback@1";

    private final MailOutbox outbox;
    private final CommandOutbox commands;
    private final ResilientMailSender sender;
    private final TransactionTemplate transactions;
    private final FeedbackProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    MailDispatcher(MailOutbox outbox, CommandOutbox commands, ResilientMailSender sender,
            TransactionTemplate transactions, FeedbackProperties properties, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.commands = commands;
        this.sender = sender;
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
                if (!Boolean.TRUE.equals(transactions.execute(status -> dispatchOne()))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Mail dispatch interrupted, mails wait in the outbox: {}", e.toString());
        }
    }

    /** @return true if there may be more mails due now */
    private boolean dispatchOne() {
        Instant now = clock.instant();
        Optional<OutboundMail> next = outbox.lockNextDue(now);
        if (next.isEmpty()) {
            return false;
        }
        OutboundMail mail = next.get();
        try {
            sender.send(mail, now);
        } catch (CallNotPermittedException open) {
            // the circuit opened meanwhile: the mail stays due, untouched, until the server is tried again
            return false;
        } catch (ResilientMailSender.MailNotSentException failed) {
            int attempts = outbox.attempts(mail.mailId()) + 1;
            Instant nextAttempt = now.plus(backOff(attempts));
            outbox.failed(mail.mailId(), failed.getMessage(), now, nextAttempt);
            counter("closedloop.feedback.mails.failed", mail).increment();
            log.warn("{} (attempt {}), next attempt at {}", failed.getMessage(), attempts, nextAttempt);
            return true;
        }
        outbox.sent(mail.mailId(), clock.instant());
        counter("closedloop.feedback.mails.sent", mail).increment();
        if (mail.kind() == OutboundMail.Kind.RESULT_FEEDBACK) {
            commands.queue(new RecordResultFeedbackCommand(
                    FeedbackCommands.id("result", mail.complaintId(), "r" + mail.round()), mail.complaintId(),
                    "email", summary(mail), FeedbackCommands.service(RESULT_FEEDBACK_POLICY)), null, now);
        }
        log.info("Sent {} {} of complaint {}", mail.kind().code(), mail.mailId(), mail.complaintId());
        return true;
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
