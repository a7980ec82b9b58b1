package io.closedloop.sla;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Keeps every complaint's clocks. It reads every complaint event from {@code complaint.events.v1}, records each
 * once in its inbox, and (in later issues) runs durable deadlines in business time and sends
 * {@code RaiseDeadlineWarning} and {@code RaiseEscalation} commands when they fall due.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SlaTimerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SlaTimerServiceApplication.class, args);
    }

    /** The service's only source of "now", so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
