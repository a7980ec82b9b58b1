package io.closedloop.intake.channel.email.settings;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The email channel's typed settings, and the scheduler its acknowledgement outbox runs on. */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(EmailProperties.class)
public class EmailChannelConfig {
}
