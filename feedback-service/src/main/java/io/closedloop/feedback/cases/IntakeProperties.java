package io.closedloop.feedback.cases;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where feedback asks intake for a sealed complainant ({@code closedloop.feedback.intake.*}).
 *
 * @param urls    intake's instances, tried in order until one answers (as a load balancer would fail over)
 * @param apiKey  feedback's own key, of role PLATFORM_SERVICE on intake
 * @param timeout per attempt
 */
@ConfigurationProperties("closedloop.feedback.intake")
public record IntakeProperties(List<URI> urls, String apiKey, Duration timeout) {

    public IntakeProperties {
        urls = urls == null ? List.of() : List.copyOf(urls);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }
}
