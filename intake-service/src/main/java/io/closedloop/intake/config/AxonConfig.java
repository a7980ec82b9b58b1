package io.closedloop.intake.config;

import io.closedloop.intake.relay.KafkaEventRelay;
import io.closedloop.intake.relay.RelayProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Axon settings that are not properties. Axon's default for an event handler that throws is to log and move on;
 * for the relay that would silently lose an event, so its errors propagate and the batch is retried.
 */
@Configuration
@EnableConfigurationProperties({RelayProperties.class, EventStoreProperties.class})
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

    /**
     * Axon's JDBC engine reaches the database only through Spring's transaction-bound connection. Axon's
     * auto-configured provider wraps it in {@code UnitOfWorkAwareConnectionProviderWrapper}, whose rollback hook
     * calls {@code rollback()} on the physical connection when a command fails: inside the command topic's batch
     * transaction that silently undid every command before it in the batch (and the savepoint with them; found by
     * CommandBatchIT). Spring's transaction manager already gives every unit of work one connection and one
     * transaction (Axon's SpringTransactionManager starts or joins it), and rolls a failed command back to its
     * savepoint; the wrapper adds nothing but that hazard.
     */
    @Bean
    ConnectionProvider springTransactionBoundConnections(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Axon's JDBC event store as its auto-configuration builds it, with gap handling that never gives up on an event
     * whose transaction may still commit ({@link EventStoreProperties}); Axon's defaults let the relay skip an
     * accepted complaint for good when it ran a minute behind.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventStoreProperties properties,
                                          @Value("${spring.transaction.default-timeout:#{null}}")
                                          Duration transactionTimeout) {
        properties.checkAgainst(transactionTimeout);
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .gapTimeout(Math.toIntExact(properties.gapTimeout().toMillis()))
                .maxGapOffset(properties.maxGapOffset())
                .build();
    }

    /**
     * Axon's embedded event store as its auto-configuration builds it, except that its readers are woken when the
     * database transaction that wrote events commits ({@link WakeReadersOnCommitEventStore}), and otherwise look
     * every {@code poll-interval} (for events another intake instance wrote).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  EventStoreProperties properties) {
        return new WakeReadersOnCommitEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.pollInterval().toMillis()));
    }

    @Autowired
    void relayNeverSkipsAnEvent(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(KafkaEventRelay.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
