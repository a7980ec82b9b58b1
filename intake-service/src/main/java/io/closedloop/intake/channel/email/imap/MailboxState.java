package io.closedloop.intake.channel.email.imap;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * How the mailbox reader is doing, as {@code /actuator/health} component {@code mailbox}: UNKNOWN until the first
 * connection, UP while connected, DOWN with the error after a failed attempt. It is not part of the readiness
 * group: a mailbox that is down is no reason to stop taking complaints from the other channels.
 */
@Component("mailbox")
@ConditionalOnProperty(name = "closedloop.intake.email.enabled", havingValue = "true")
public class MailboxState implements HealthIndicator {

    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant connectedAt;
    private volatile Instant lastPollAt;

    void connected(Instant at) {
        connected = true;
        connectedAt = at;
        lastError = null;
    }

    void polled(Instant at) {
        lastPollAt = at;
    }

    void disconnected() {
        connected = false;
    }

    void failed(String error, Instant at) {
        connected = false;
        lastError = error;
        lastErrorAt = at;
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public Health health() {
        if (connected) {
            return Health.up().withDetail("connectedAt", String.valueOf(connectedAt))
                    .withDetail("lastPollAt", String.valueOf(lastPollAt)).build();
        }
        if (lastError != null) {
            return Health.down().withDetail("error", lastError).withDetail("at", String.valueOf(lastErrorAt)).build();
        }
        return Health.unknown().withDetail("state", "connecting").build();
    }
}
