package io.closedloop.intake.web.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One Bucket4j token bucket per client, in a Caffeine map bounded by size and idle time, so neither many clients
 * nor invented names can grow memory without bound. A dropped bucket comes back full, which is what an idle
 * client's bucket would be anyway. Both the buckets and the map read time from the injected {@link Clock}.
 */
public class ClientBuckets {

    private final RateLimitProperties properties;
    private final TimeMeter time;
    private final Cache<ClientKey, Bucket> buckets;

    public ClientBuckets(RateLimitProperties properties, Clock clock) {
        this.properties = properties;
        this.time = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxClients())
                .expireAfterAccess(properties.idleExpiry())
                .ticker(time::currentTimeNanos)
                .build();
    }

    /** Takes one request's token from the client's bucket; the answer says whether it may pass and when to retry. */
    public Decision take(ClientKey client) {
        RateLimitProperties.Limit limit = properties.limitOf(client);
        Bucket bucket = buckets.get(client, key -> Bucket.builder()
                .addLimit(shape -> shape.capacity(limit.capacity())
                        .refillGreedy(limit.refillTokens(), limit.refillPeriod()))
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    long trackedClients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** What {@link #take} decided; {@code waitFor} is zero when the request passed. */
    public record Decision(boolean allowed, RateLimitProperties.Limit limit, long remaining, Duration waitFor) {

        /** Whole seconds, rounded up and at least one: Retry-After has no fractions. */
        public long retryAfterSeconds() {
            long seconds = waitFor.toSeconds() + (waitFor.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    /** Bucket4j's (and Caffeine's) notion of now, from the application's clock so tests can move time. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter, Ticker {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        @Override
        public long read() {
            return currentTimeNanos();
        }
    }
}
