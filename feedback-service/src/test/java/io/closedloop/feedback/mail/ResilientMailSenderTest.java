package io.closedloop.feedback.mail;

import io.closedloop.feedback.TestProperties;
import io.closedloop.feedback.letter.Language;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilientMailSenderTest {

    private static final OutboundMail MAIL = new OutboundMail("result-c1-r1", "c1", OutboundMail.Kind.RESULT_FEEDBACK, 1,
            "customer@example.com", Language.EN, "Your complaint", "It is resolved.", null, null);

    /** A server that answers the first conversation only after the sender has given up on it, yet takes the mail. */
    static final class SlowFirstServer extends JavaMailSenderImpl {
        final AtomicInteger conversations = new AtomicInteger();
        final CountDownLatch gaveUp = new CountDownLatch(1);
        final boolean firstFails;

        SlowFirstServer(boolean firstFails) {
            this.firstFails = firstFails;
        }

        @Override
        public void send(MimeMessage message) {
            if (conversations.incrementAndGet() == 1) {
                try {
                    assertThat(gaveUp.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (firstFails) {
                    throw new MailSendException("the server hung up");
                }
            }
        }
    }

    private static ResilientMailSender sender(SlowFirstServer server) {
        TimeLimiterRegistry limits = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                .timeoutDuration(Duration.ofMillis(100)).cancelRunningFuture(true).build());
        // the first conversation ends only once the time limit has given up on it
        limits.timeLimiter(ResilientMailSender.INSTANCE).getEventPublisher().onTimeout(event -> server.gaveUp.countDown());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build());
        return new ResilientMailSender(server, TestProperties.defaults(), new MailJournal(TestProperties.defaults()),
                retries, CircuitBreakerRegistry.ofDefaults(), limits);
    }

    @Test
    void anAttemptThatRanOutOfTimeButGotThroughIsNotFollowedByASecondCopy() {
        SlowFirstServer server = new SlowFirstServer(false);
        sender(server).send(MAIL, Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(server.conversations).hasValue(1);
    }

    @Test
    void anAttemptThatRanOutOfTimeAndFailedIsTriedAgain() {
        SlowFirstServer server = new SlowFirstServer(true);
        sender(server).send(MAIL, Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(server.conversations).hasValue(2);
    }

    @Test
    void aServerThatKeepsFailingLeavesTheMailUnsent() {
        JavaMailSenderImpl refusing = new JavaMailSenderImpl() {
            @Override
            public void send(MimeMessage message) {
                throw new MailSendException("refused");
            }
        };
        ResilientMailSender sender = new ResilientMailSender(refusing, TestProperties.defaults(),
                new MailJournal(TestProperties.defaults()),
                RetryRegistry.of(RetryConfig.custom().maxAttempts(2).waitDuration(Duration.ofMillis(10)).build()),
                CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults());
        assertThatThrownBy(() -> sender.send(MAIL, Instant.parse("2026-11-23T21:00:00Z")))
                .isInstanceOf(ResilientMailSender.MailNotSentException.class);
    }
}
