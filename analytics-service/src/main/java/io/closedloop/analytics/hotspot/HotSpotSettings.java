package io.closedloop.analytics.hotspot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * When a topic counts as rising suddenly ({@code closedloop.analytics.hotspots.*}): at least {@code minCount}
 * complaints in the last {@code window}, and so many that the topic's own rate over the {@code baseline} before that
 * window would give that many or more with a probability below {@code pValue} (a Poisson tail).
 */
@ConfigurationProperties("closedloop.analytics.hotspots")
public record HotSpotSettings(
        @DefaultValue("1h") Duration window,
        @DefaultValue("7d") Duration baseline,
        @DefaultValue("5") int minCount,
        @DefaultValue("0.001") double pValue,
        /* the rate assumed for a topic never seen before, per window: a new topic needs a handful to be a surge */
        @DefaultValue("0.5") double newTopicRate) {
}
