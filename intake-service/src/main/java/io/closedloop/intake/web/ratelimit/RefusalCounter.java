package io.closedloop.intake.web.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refused requests as {@code closedloop.intake.rate_limit.refused{client=...}}. The tag stays low-cardinality:
 * adapters with a configured limit and the first {@code metric-clients} other adapter names get their own tag, later
 * names are "other", and anonymous callers are "address" (never the address itself).
 */
public class RefusalCounter {

    static final String METRIC = "closedloop.intake.rate_limit.refused";
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final RateLimitProperties properties;
    private final Set<String> taggedNames = ConcurrentHashMap.newKeySet();

    public RefusalCounter(MeterRegistry registry, RateLimitProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    public void refused(ClientKey client) {
        Counter.builder(METRIC)
                .description("Intake requests refused with 429 because the client was over its rate limit")
                .tag("client", tagOf(client))
                .register(registry)
                .increment();
    }

    String tagOf(ClientKey client) {
        if (!client.named()) {
            return client.kind();
        }
        String name = client.name();
        if (properties.clients().containsKey(name) || taggedNames.contains(name)) {
            return name;
        }
        synchronized (taggedNames) {
            if (taggedNames.size() < properties.metricClients()) {
                taggedNames.add(name);
                return name;
            }
        }
        return OTHER;
    }
}
