package io.closedloop.ops;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the platform is: the Kafka cluster (with the client properties of Kafka's own tools for TLS and SASL) and the
 * services' HTTP APIs. Every option can be given before or after the command, and falls back to an environment
 * variable, so that a pod or a shell profile can set them once.
 */
public final class Connection {

    @Option(names = "--bootstrap-servers", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:CLOSEDLOOP_OPS_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env CLOSEDLOOP_OPS_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--command-config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:CLOSEDLOOP_OPS_COMMAND_CONFIG}",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as for Kafka's own tools "
                    + "(env CLOSEDLOOP_OPS_COMMAND_CONFIG)")
    Path commandConfig;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            defaultValue = "${env:CLOSEDLOOP_OPS_TIMEOUT:-PT15S}", converter = Durations.class,
            description = "How long to wait for Kafka or a service before giving up, e.g. 15s, 2m (default: 15s)")
    Duration timeout;

    @Option(names = "--intake-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CLOSEDLOOP_OPS_INTAKE_URL:-http://localhost:8081}",
            description = "intake-service (default: ${DEFAULT-VALUE})")
    URI intakeUrl;

    @Option(names = "--routing-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CLOSEDLOOP_OPS_ROUTING_URL:-http://localhost:8082}",
            description = "routing-service (default: ${DEFAULT-VALUE})")
    URI routingUrl;

    @Option(names = "--sla-timer-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CLOSEDLOOP_OPS_SLA_TIMER_URL:-http://localhost:8083}",
            description = "sla-timer-service (default: ${DEFAULT-VALUE})")
    URI slaTimerUrl;

    @Option(names = "--feedback-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CLOSEDLOOP_OPS_FEEDBACK_URL:-http://localhost:8084}",
            description = "feedback-service (default: ${DEFAULT-VALUE})")
    URI feedbackUrl;

    @Option(names = "--analytics-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CLOSEDLOOP_OPS_ANALYTICS_URL:-http://localhost:8085}",
            description = "analytics-service (default: ${DEFAULT-VALUE})")
    URI analyticsUrl;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            defaultValue = "${env:CLOSEDLOOP_OPS_API_KEY:-demo-admin-key}",
            description = "The API key the services know this tool by, sent as X-Api-Key (env CLOSEDLOOP_OPS_API_KEY; "
                    + "default: the one-command platform's demo administrator key)")
    String apiKey;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an unexpected failure")
    boolean verbose;

    public String apiKey() {
        return apiKey;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path commandConfig() {
        return commandConfig;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The base URL of one of the five services. */
    public URI url(Service service) {
        return switch (service) {
            case INTAKE -> intakeUrl;
            case ROUTING -> routingUrl;
            case SLA_TIMER -> slaTimerUrl;
            case FEEDBACK -> feedbackUrl;
            case ANALYTICS -> analyticsUrl;
        };
    }
}
