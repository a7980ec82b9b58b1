package io.closedloop.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The five services: each one's consumer group is its {@code spring.application.name} (see the
 * {@code @KafkaListener}s), and the consumers of {@code complaint.events.v1} dead-letter to
 * {@code complaint.events.v1.<name>.dlt}.
 */
public enum Service {
    INTAKE("intake-service", "intake"),
    ROUTING("routing-service", "routing"),
    SLA_TIMER("sla-timer-service", "sla-timer"),
    FEEDBACK("feedback-service", "feedback"),
    ANALYTICS("analytics-service", "analytics");

    private final String applicationName;
    private final String shortName;

    Service(String applicationName, String shortName) {
        this.applicationName = applicationName;
        this.shortName = shortName;
    }

    /** Its {@code spring.application.name}, which is also its consumer group. */
    public String applicationName() {
        return applicationName;
    }

    public String shortName() {
        return shortName;
    }

    public String consumerGroup() {
        return applicationName;
    }

    /** {@code routing}, {@code routing-service} or {@code ROUTING}. */
    public static Service named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.shortName.equals(n) || s.applicationName.equals(n) || s.name().equalsIgnoreCase(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a service; one of: "
                        + Arrays.stream(values()).map(Service::shortName).collect(Collectors.joining(", "))));
    }
}
