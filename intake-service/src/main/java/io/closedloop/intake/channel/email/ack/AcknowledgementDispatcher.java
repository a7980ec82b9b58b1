package io.closedloop.intake.channel.email.ack;

import io.closedloop.intake.channel.email.settings.EmailProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends the acknowledgement outbox, one mail per transaction: the row is locked, the mail handed to the SMTP server,
 * the row marked sent, then the commit. A refused mail waits (doubling back-off) and is tried again for as long as
 * it takes, so an SMTP outage delays acknowledgements but loses none. A crash between the server's acceptance and
 * the commit can send one twice; that is the one duplicate an outbox cannot rule out.
 */
@Component
class AcknowledgementDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AcknowledgementDispatcher.class);

    private final Acknowledgements outbox;
    private final JavaMailSender mailSender;
    private final TransactionTemplate transactions;
    private final EmailProperties properties;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;

    AcknowledgementDispatcher(Acknowledgements outbox, JavaMailSender mailSender, TransactionTemplate transactions,
                              EmailProperties properties, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.mailSender = mailSender;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("closedloop.email.acknowledgements").tag("outcome", "sent")
                .description("Acknowledgements the email channel sent, or failed to send (and will try again)")
                .register(meters);
        this.failed = Counter.builder("closedloop.email.acknowledgements").tag("outcome", "failed")
                .description("Acknowledgements the email channel sent, or failed to send (and will try again)")
                .register(meters);
        Gauge.builder("closedloop.email.acknowledgements.pending", outbox, Acknowledgements::countPending)
                .description("Acknowledgements waiting in the outbox for the mail server").register(meters);
    }

    @Scheduled(fixedDelayString = "${closedloop.intake.email.ack.dispatch-interval}")
    void dispatch() {
        try {
            for (int i = 0; i < properties.ack().batchSize(); i++) {
                if (!Boolean.TRUE.equals(transactions.execute(status -> dispatchOne()))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Acknowledgement dispatch interrupted; they wait in the outbox: {}", e.toString());
        }
    }

    /** @return true if there may be more due now */
    private boolean dispatchOne() {
        Instant now = clock.instant();
        Optional<Acknowledgement> next = outbox.lockNextDue(now);
        if (next.isEmpty()) {
            return false;
        }
        Acknowledgement ack = next.get();
        try {
            mailSender.send(mime(ack));
        } catch (MailException | MessagingException | UnsupportedEncodingException e) {
            Instant retry = now.plus(backOff(ack.attempts() + 1));
            outbox.failed(ack.complaintId(), e.toString(), retry);
            failed.increment();
            log.warn("Acknowledgement of complaint {} not sent (attempt {}), next attempt at {}: {}",
                    ack.complaintId(), ack.attempts() + 1, retry, e.toString());
            return false; // the server is likely down: the others wait for the next round
        }
        outbox.sent(ack.complaintId(), clock.instant());
        sent.increment();
        return true;
    }

    private MimeMessage mime(Acknowledgement ack) throws MessagingException, UnsupportedEncodingException {
        MimeMessage mail = mailSender.createMimeMessage();
        mail.setFrom(new InternetAddress(properties.ack().from(), properties.ack().fromName(), "UTF-8"));
        mail.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(ack.recipient(), false));
        mail.setSubject(ack.subject(), "UTF-8");
        mail.setText(ack.body(), "UTF-8");
        mail.setHeader("Content-Language", ack.language());
        // RFC 3834: an automatic answer, so the customer's auto-responder does not answer it (and we never file
        // what theirs sends back: see AutoReplies)
        mail.setHeader("Auto-Submitted", "auto-replied");
        if (ack.inReplyTo() != null) {
            mail.setHeader("In-Reply-To", "<" + ack.inReplyTo() + ">");
            mail.setHeader("References", "<" + ack.inReplyTo() + ">");
        }
        // Spring's sender keeps an id set here: a reply's In-Reply-To then leads back to the complaint
        mail.setHeader("Message-ID", "<" + Acknowledgements.messageIdOf(ack.complaintId()) + ">");
        mail.setSentDate(java.util.Date.from(clock.instant()));
        return mail;
    }

    private Duration backOff(int attempts) {
        Duration wait = properties.ack().firstRetryAfter().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(properties.ack().maxRetryAfter()) > 0 ? properties.ack().maxRetryAfter() : wait;
    }
}
