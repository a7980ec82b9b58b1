package io.closedloop.analytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Turns the complaint stream into figures: volumes, deadlines met, satisfaction. It reads every complaint event
 * from {@code complaint.events.v1}, records each once in its inbox, and (in later issues) projects it into its own
 * read models. It only reads; it never sends a command.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnalyticsServiceApplication.class, args);
    }

    /** The service's only source of "now", so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
