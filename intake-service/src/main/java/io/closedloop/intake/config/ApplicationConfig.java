package io.closedloop.intake.config;

import io.closedloop.contract.json.ContractJson;
import io.closedloop.intake.intake.ComplaintSubmissionReader;
import io.closedloop.intake.intake.ComplaintSubmissionValidator;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
public class ApplicationConfig {

    /** The one clock of the service; tests replace it. Domain code never calls now() itself. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ComplaintSubmissionValidator complaintSubmissionValidator(Clock clock) {
        return new ComplaintSubmissionValidator(clock);
    }

    @Bean
    ComplaintSubmissionReader complaintSubmissionReader(ComplaintSubmissionValidator validator) {
        return new ComplaintSubmissionReader(validator);
    }

    /** Spring's ObjectMapper (HTTP and Axon's serializer) writes the contract's one JSON form. */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer contractJson() {
        return builder -> builder.postConfigurer(ContractJson::configure);
    }
}
