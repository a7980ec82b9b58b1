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
import java.util.concurrent.CompletableFuture;
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

    private final JavaMailSender mailSender;
    private final FeedbackProperties properties;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    /** SMTP conversations run here, so that the time limit can give up on one that hangs. */
    private final ExecutorService smtpThreads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "smtp-sender");
        thread.setDaemon(true);
        return thread;
    });

    ResilientMailSender(JavaMailSender mailSender, FeedbackProperties properties, RetryRegistry retries,
            CircuitBreakerRegistry circuitBreakers, TimeLimiterRegistry timeLimiters) {
        this.mailSender = mailSender;
        this.properties = properties;
        this.retry = retries.retry(INSTANCE);
        this.circuitBreaker = circuitBreakers.circuitBreaker(INSTANCE);
        this.timeLimiter = timeLimiters.timeLimiter(INSTANCE);
    }

    /**
     * @throws CallNotPermittedException while the circuit is open: nothing was tried
     * @throws MailNotSentException      when every attempt failed
     */
    void send(OutboundMail mail, Instant sentAt) {
        Callable<Void> attempt = () -> timeLimiter.executeFutureSupplier(
                () -> CompletableFuture.runAsync(() -> transmit(mail, sentAt), smtpThreads));
        Callable<Void> guarded = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(circuitBreaker, attempt));
        try {
            guarded.call();
        } catch (CallNotPermittedException open) {
            throw open;
        } catch (Exception e) {
            throw new MailNotSentException(mail.mailId(), e);
        }
    }

    private void transmit(OutboundMail mail, Instant sentAt) {
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, mail.attachment() != null, "UTF-8");
            helper.setFrom(properties.mail().from(), properties.mail().fromName());
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            helper.setSentDate(Date.from(sentAt));
            if (mail.attachment() != null) {
                helper.addAttachment(mail.attachmentName(), new ByteArrayResource(mail.attachment()),
                        "application/pdf");
            }
            // the same mail sent again (a crash after the server took it) carries the same id: clients fold copies
            message.setHeader("Message-ID", "<" + mail.mailId() + "@feedback.closed-loop>");
            message.setHeader("Content-Language", mail.language().htmlTag());
            mailSender.send(message);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("mail " + mail.mailId() + " could not be written", e);
        }
    }

    @Override
    public void destroy() {
        smtpThreads.shutdownNow();
    }

    /** Every attempt at a mail failed; the outbox tries it again later. */
    static final class MailNotSentException extends RuntimeException {
        MailNotSentException(String mailId, Throwable cause) {
            super("mail " + mailId + " was not sent: " + rootMessage(cause), cause);
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
