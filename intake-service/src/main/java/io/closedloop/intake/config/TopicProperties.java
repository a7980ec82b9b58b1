package io.closedloop.intake.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How intake creates the topics it owns when they are missing (on a real cluster an operator may create them).
 * Partitions are sized up front: a complaint's events stay in one partition, so the count cannot change later
 * without breaking per-complaint order for consumers that are mid-stream.
 */
@ConfigurationProperties("closedloop.intake.topics")
public record TopicProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicas,
                              @DefaultValue("true") boolean create) {
}
