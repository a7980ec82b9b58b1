package io.closedloop.intake.channel.email.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The email channel's settings ({@code closedloop.intake.email.*}; environment {@code CLOSEDLOOP_INTAKE_EMAIL_*}).
 *
 * @param enabled whether the mailbox is read at all (off by default; the {@code local} profile reads the local
 *                platform's mailbox)
 * @param address the complaints mailbox's own address: mail from it is never acknowledged (no loop with ourselves)
 */
@ConfigurationProperties("closedloop.intake.email")
public record EmailProperties(boolean enabled, String address, Imap imap, Ack ack) {

    /**
     * The mailbox, read over IMAP (or IMAPS): {@code mode} {@code poll} looks for unseen mail every
     * {@code pollInterval}; {@code idle} waits with IMAP IDLE (the server pushes new mail) and polls only as a
     * fallback every {@code pollInterval}. A mail is marked seen, and moved to {@code processedFolder} if one is
     * set, only once its complaint (or the record of why not) is durable.
     */
    public record Imap(String host, int port, String protocol, String username, String password, String folder,
                       String processedFolder, String mode, Duration pollInterval, Duration timeout,
                       Duration firstRetryAfter, Duration maxRetryAfter, int maxMessageBytes) {

        public boolean idle() {
            return "idle".equalsIgnoreCase(mode);
        }
    }

    /**
     * The acknowledgement to the sender, through an outbox: sent by SMTP ({@code spring.mail.*}) every
     * {@code dispatchInterval}; a refused one is tried again after {@code firstRetryAfter}, doubling to
     * {@code maxRetryAfter}, for as long as it takes.
     */
    public record Ack(boolean enabled, String from, String fromName, String statusPageUrl, ZoneId zone,
                      Duration dispatchInterval, Duration firstRetryAfter, Duration maxRetryAfter, int batchSize) {
    }
}
