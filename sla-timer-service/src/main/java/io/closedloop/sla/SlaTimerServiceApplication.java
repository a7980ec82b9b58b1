package io.closedloop.sla;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Holds every complaint to its deadlines. It reads every complaint event from {@code complaint.events.v1} once,
 * starts, pauses, moves and stops the clocks its versioned policy defines, counted in business time on a versioned
 * calendar, keeps durable timers in PostgreSQL, and sends {@code SetDeadlines}, {@code RaiseDeadlineWarning} and
 * {@code RaiseEscalation} to the complaint, which records them or refuses them with a reason.
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
