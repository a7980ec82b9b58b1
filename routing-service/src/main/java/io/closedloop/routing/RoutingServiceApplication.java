package io.closedloop.routing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Decides which department handles a complaint. It reads every complaint event from {@code complaint.events.v1},
 * records each once in its inbox, and (in later issues) sends {@code AssignDepartment} commands and fans assigned
 * work out to the department topics.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoutingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RoutingServiceApplication.class, args);
    }

    /** The service's only source of "now", so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
