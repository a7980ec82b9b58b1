package io.closedloop.intake.web.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Per-client limits on the intake endpoints ({@code closedloop.intake.rate-limit}). Each client has a token bucket:
 * {@code capacity} requests at once (the burst), refilled by {@code refill-tokens} every {@code refill-period}
 * (smoothly, not in one step). The defaults are far above what the platform's own tests, the load harness and the
 * README examples send, so only a client that floods intake meets them; {@code clients.<adapter-name>} sets a
 * tighter (or looser) limit for one channel adapter.
 *
 * @param enabled          off: every request passes, no bucket is kept
 * @param capacity         requests a client may send at once before it must wait
 * @param refillTokens     requests given back every {@code refillPeriod}
 * @param refillPeriod     see {@code refillTokens}
 * @param clients          limits for named adapters ({@code X-Channel-Adapter}), by name
 * @param maxClients       buckets kept at most; the least recently used go first (memory stays bounded whatever
 *                         names or addresses arrive)
 * @param idleExpiry       a bucket untouched this long is dropped (it would be full again by then anyway)
 * @param trustForwardedFor true only behind a trusted proxy that sets {@code X-Forwarded-For}: then the first address
 *                         in it names an anonymous client; otherwise anyone could pick a fresh address per request
 * @param metricClients    distinct adapter names tagged on the refusal counter; later ones are tagged "other"
 */
@ConfigurationProperties("closedloop.intake.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("10000") long capacity,
                                  @DefaultValue("2000") long refillTokens,
                                  @DefaultValue("1s") Duration refillPeriod,
                                  Map<String, Limit> clients,
                                  @DefaultValue("10000") int maxClients,
                                  @DefaultValue("10m") Duration idleExpiry,
                                  @DefaultValue("false") boolean trustForwardedFor,
                                  @DefaultValue("20") int metricClients) {

    public RateLimitProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        Limit.check("closedloop.intake.rate-limit", capacity, refillTokens, refillPeriod);
        clients.forEach((name, limit) -> Limit.check("closedloop.intake.rate-limit.clients." + name,
                limit.capacity(), limit.refillTokens(), limit.refillPeriod()));
    }

    /** The default limit of every client. */
    public Limit defaultLimit() {
        return new Limit(capacity, refillTokens, refillPeriod);
    }

    /** The limit of this client: its own when it is a named adapter with one configured, else the default. */
    public Limit limitOf(ClientKey client) {
        return client.named() ? clients.getOrDefault(client.name(), defaultLimit()) : defaultLimit();
    }

    /** One bucket's shape: {@code capacity} at once, {@code refillTokens} back every {@code refillPeriod}. */
    public record Limit(long capacity, long refillTokens, Duration refillPeriod) {

        static void check(String where, long capacity, long refillTokens, Duration refillPeriod) {
            if (capacity < 1 || refillTokens < 1 || refillPeriod == null || refillPeriod.isNegative()
                    || refillPeriod.isZero()) {
                throw new IllegalArgumentException(where + ": capacity and refill-tokens must be at least 1 and "
                        + "refill-period positive, got " + capacity + ", " + refillTokens + ", " + refillPeriod);
            }
        }

        /** For the problem's detail: "3 requests at once, 1 more every PT2S". */
        String describe() {
            return capacity + " requests at once, " + refillTokens + " more every " + refillPeriod;
        }
    }
}
