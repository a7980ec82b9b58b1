package io.closedloop.intake.tracking;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed status lookups, so nobody can try tracking numbers or phone digits until one fits: four digits are
 * only ten thousand guesses. Failures are counted per tracking number (whoever tries it) and per client address
 * within a sliding window; past either limit, lookups are refused until the oldest failure leaves the window.
 * Successful lookups are not limited. The counts live in this instance's memory: with several instances behind a
 * load balancer each counts on its own, which still bounds guessing to a few attempts per instance per window.
 */
@Component
public class LookupThrottle {

    /** Keys kept at most; beyond this, expired entries are dropped before a new key is added. */
    static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final Duration window;
    private final int perNumber;
    private final int perClient;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LookupThrottle(Clock clock,
                          @Value("${closedloop.intake.tracking.failure-window:PT15M}") Duration window,
                          @Value("${closedloop.intake.tracking.max-failures-per-number:5}") int perNumber,
                          @Value("${closedloop.intake.tracking.max-failures-per-client:20}") int perClient) {
        this.clock = clock;
        this.window = window;
        this.perNumber = perNumber;
        this.perClient = perClient;
    }

    /** How long this client must wait before trying this number again; empty when it may try now. */
    public Optional<Duration> waitBefore(String client, String trackingNumber) {
        Instant now = clock.instant();
        Optional<Duration> byNumber = wait("number:" + trackingNumber, perNumber, now);
        Optional<Duration> byClient = wait("client:" + client, perClient, now);
        if (byNumber.isPresent() && byClient.isPresent()) {
            return Optional.of(byNumber.get().compareTo(byClient.get()) > 0 ? byNumber.get() : byClient.get());
        }
        return byNumber.isPresent() ? byNumber : byClient;
    }

    public void failed(String client, String trackingNumber) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
        record("number:" + trackingNumber, now);
        record("client:" + client, now);
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            // the window must slide past enough failures to bring the count under the limit again
            Instant oldestThatMustExpire = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
            Duration wait = Duration.between(now, oldestThatMustExpire.plus(window));
            return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.pollFirst();
        }
    }
}
