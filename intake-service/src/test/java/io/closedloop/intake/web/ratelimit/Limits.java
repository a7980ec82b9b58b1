package io.closedloop.intake.web.ratelimit;

import java.time.Duration;
import java.util.Map;

/** Test properties: a default limit of 5 at once, 1 back per second, and a tight one for "noisy". */
final class Limits {

    private Limits() {
    }

    static RateLimitProperties withNoisy(int maxClients, int metricClients) {
        return new RateLimitProperties(true, 5, 1, Duration.ofSeconds(1),
                Map.of("noisy", new RateLimitProperties.Limit(2, 1, Duration.ofSeconds(3))),
                maxClients, Duration.ofMinutes(10), false, metricClients);
    }
}
