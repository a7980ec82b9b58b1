package io.closedloop.feedback.mail;

import io.closedloop.feedback.config.FeedbackProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands one mail to the SMTP server through Resilience4j's {@code mail} instances (configured in application.yml
 * under {@code resilience4j.*}): a time limit on each attempt, a circuit breaker that stops knocking at a server
 * that keeps failing (mails then wait in the outbox without using up attempts), and a few quick retries for a
 * passing hiccup. Whatever still fails is the outbox's to try again later.
 */
@Component
class ResilientMailSender implements DisposableBean {

    static final String INSTANCE = "mail";
    /**
     * Longest an SMTP conversation can take: JavaMail's connection timeout plus read and write timeouts over a
     * conversation of a few commands (application.yml: 5 s, 10 s, 10 s), with room for a slow machine.
     */
    static final java.time.Duration CONVERSATION_BOUND = java.time.Duration.ofSeconds(120);

    private final JavaMailSender mailSender;
    private final FeedbackProperties properties;
    private final MailJournal journal;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    /** SMTP conversations run here, so that the time limit can give up on one that hangs. */
    private final ExecutorService smtpThreads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "smtp-sender");
        thread.setDaemon(true);
        return thread;
    });

    ResilientMailSender(JavaMailSender mailSender, FeedbackProperties properties, MailJournal journal,
            RetryRegistry retries, CircuitBreakerRegistry circuitBreakers, TimeLimiterRegistry timeLimiters) {
        this.mailSender = mailSender;
        this.properties = properties;
        this.journal = journal;
        this.retry = retries.retry(INSTANCE);
        this.circuitBreaker = circuitBreakers.circuitBreaker(INSTANCE);
        this.timeLimiter = timeLimiters.timeLimiter(INSTANCE);
    }

    /** True while the circuit is open: a mail given now would not be tried, so no hand-over should begin. */
    boolean refusesCalls() {
        CircuitBreaker.State state = circuitBreaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * @throws CallNotPermittedException while the circuit is open: nothing was tried
     * @throws MailNotSentException      when every attempt failed
     */
    void send(OutboundMail mail, Instant sentAt) {
        // An attempt that runs out of time is not stopped: its SMTP conversation goes on (cancelling a future does not
        // interrupt the socket), and the server may still take the mail. A retry started meanwhile delivered a second
        // copy (found by the fault suite, load-harness faults, on a loaded machine). So each attempt first waits for
        // the earlier ones to end - JavaMail's own connection, read and write timeouts bound them - and a late
        // success counts as sent.
        List<CompletableFuture<Void>> transmissions = new CopyOnWriteArrayList<>();
        Callable<Void> attempt = () -> {
            if (anyDelivered(transmissions)) {
                return null;
            }
            CompletableFuture<Void> transmission = new CompletableFuture<>();
            smtpThreads.execute(() -> {
                try {
                    transmit(mail, sentAt);
                    transmission.complete(null);
                } catch (RuntimeException e) {
                    transmission.completeExceptionally(e);
                }
            });
            transmissions.add(transmission);
            // the time limiter cancels what it is given on time-out: a copy, so the conversation's real end is kept
            return timeLimiter.executeFutureSupplier(transmission::copy);
        };
        Callable<Void> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(circuitBreaker, attempt));
        try {
            guarded.call();
        } catch (CallNotPermittedException open) {
            throw open;
        } catch (Exception e) {
            Boolean delivered = deliveredLate(transmissions);
            if (Boolean.TRUE.equals(delivered)) {
                return;
            }
            throw new MailNotSentException(mail.mailId(), e, delivered != null);
        }
    }

    /**
     * Waits until every earlier attempt's conversation has ended; true if one of them delivered the mail.
     *
     * @throws IllegalStateException if one is still talking to the server after {@link #CONVERSATION_BOUND}: no
     *                               new attempt may start beside it
     */
    private static boolean anyDelivered(List<CompletableFuture<Void>> transmissions) throws InterruptedException {
        boolean delivered = false;
        for (CompletableFuture<Void> transmission : transmissions) {
            try {
                transmission.get(CONVERSATION_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                delivered = true;
            } catch (ExecutionException failed) {
                // that attempt failed for good: it delivered nothing
            } catch (TimeoutException stillTalking) {
                throw new IllegalStateException("an earlier attempt is still talking to the mail server after "
                        + CONVERSATION_BOUND.toSeconds() + " s");
            }
        }
        return delivered;
    }

    /** After the last attempt failed: did one of them get the mail through after all? Null: not known. */
    private static Boolean deliveredLate(List<CompletableFuture<Void>> transmissions) {
        try {
            return anyDelivered(transmissions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException stillTalking) {
            return null; // the outbox tries again later, asking the journal first if there is one
        }
    }

    private void transmit(OutboundMail mail, Instant sentAt) {
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, mail.attachment() != null, "UTF-8");
            helper.setFrom(properties.mail().from(), properties.mail().fromName());
            helper.setTo(mail.recipient());
            if (journal.enabled()) {
                // the journal's copy is how a later instance learns that the server took this mail (MailJournal)
                helper.setBcc(journal.address());
            }
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            helper.setSentDate(Date.from(sentAt));
            if (mail.attachment() != null) {
                helper.addAttachment(mail.attachmentName(), new ByteArrayResource(mail.attachment()),
                        "application/pdf");
            }
            // the same mail sent again (a crash after the server took it) carries the same id: clients fold copies
            message.setHeader("Message-ID", messageId(mail));
            message.setHeader("Content-Language", mail.language().htmlTag());
            mailSender.send(message);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("mail " + mail.mailId() + " could not be written", e);
        }
    }

    /** The mail's Message-ID: the same for every copy, so a client (and the journal) recognises it. */
    static String messageId(OutboundMail mail) {
        return "<" + mail.mailId() + "@feedback.closed-loop>";
    }

    @Override
    public void destroy() {
        smtpThreads.shutdownNow();
    }

    /** Every attempt at a mail failed; the outbox tries it again later. */
    static final class MailNotSentException extends RuntimeException {
        private final boolean outcomeKnown;

        MailNotSentException(String mailId, Throwable cause, boolean outcomeKnown) {
            super("mail " + mailId + " was not sent: " + rootMessage(cause), cause);
            this.outcomeKnown = outcomeKnown;
        }

        /** False if a conversation with the server had not ended: it may still take the mail. */
        boolean outcomeKnown() {
            return outcomeKnown;
        }

        private static String rootMessage(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
    }
}
