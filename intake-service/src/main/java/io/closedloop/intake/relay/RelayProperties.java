package io.closedloop.intake.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the event relay talks to Kafka.
 *
 * @param deliveryTimeout how long a batch waits for Kafka's acknowledgements before it is rolled back and retried;
 *                        keep it above the producer's {@code delivery.timeout.ms}
 */
@ConfigurationProperties("closedloop.intake.relay")
public record RelayProperties(@DefaultValue("130s") Duration deliveryTimeout) {
}
