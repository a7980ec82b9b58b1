package io.closedloop.feedback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Hears what customers thought of how their complaint was handled. It reads every complaint event from
 * {@code complaint.events.v1}, records each once in its inbox, and (in later issues) asks the customer once a
 * complaint is resolved and sends {@code RecordResultFeedback} and {@code RecordSatisfaction} commands.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeedbackServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedbackServiceApplication.class, args);
    }

    /** The service's only source of "now", so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
