package io.closedloop.intake.config;

import io.closedloop.intake.relay.KafkaEventRelay;
import io.closedloop.intake.relay.RelayProperties;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon settings that are not properties. Axon's default for an event handler that throws is to log and move on;
 * for the relay that would silently lose an event, so its errors propagate and the batch is retried.
 */
@Configuration
@EnableConfigurationProperties(RelayProperties.class)
public class AxonConfig {

    /**
     * Axon's default JDBC resolver only recognises {@code SQLIntegrityConstraintViolationException}, which the
     * PostgreSQL driver never throws; without this, two writers racing on a complaint's stream would surface as a
     * generic storage error instead of a concurrency conflict that can be retried (or, for a repeated channel
     * message, recognised as "already filed").
     */
    @Bean
    PersistenceExceptionResolver postgresUniqueViolation() {
        return new SQLStateResolver("23505");
    }

    @Autowired
    void relayNeverSkipsAnEvent(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(KafkaEventRelay.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
