package io.closedloop.intake.config;

import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.kafka.RecordFailures;
import io.closedloop.intake.relay.RelayProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.util.HashMap;
import java.util.Map;

/**
 * Intake's Kafka wiring: the topics it owns, the producers of the event relay, and what happens to records it
 * cannot take. A record that can never be taken (not JSON, not UTF-8, invalid, for an unknown complaint) goes to
 * {@code <topic>.dlt} at once with the reason in its headers, so it never blocks the records behind it. Anything
 * else (database down, broker away) is retried with backoff, without limit: the partition waits rather than
 * skipping a good record.
 */
@Configuration
@EnableConfigurationProperties(TopicProperties.class)
public class KafkaConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    /**
     * Creates the topics intake owns if they are missing, unless an operator manages them
     * ({@code closedloop.kafka.create-topics=false}, which {@code closedloop.intake.topics.create} follows).
     */
    @Bean
    @ConditionalOnProperty(name = "closedloop.intake.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics intakeTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                topic(Topic.COMPLAINT_INTAKE, topics).build(),
                topic(Topic.COMPLAINT_INTAKE_DLT, topics).build(),
                topic(Topic.COMPLAINT_COMMANDS, topics).build(),
                topic(Topic.COMPLAINT_COMMANDS_DLT, topics).build(),
                topic(Topic.COMPLAINT_EVENTS, topics)
                        // the distribution log of every complaint: kept forever, never compacted
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                        .build());
    }

    private static TopicBuilder topic(Topic topic, TopicProperties topics) {
        TopicBuilder builder = TopicBuilder.name(topic.topicName()).partitions(topics.partitions())
                .replicas(topics.replicas());
        if (topics.replicas() > 1) {
            // with acks=all, a write is safe only if it reached more than one replica
            builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, topics.replicas() - 1)));
        }
        if (topic.topicName().endsWith(".dlt")) {
            // a dead letter waits for a person to look at it; it must not expire on its own
            builder.config(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return builder;
    }

    /**
     * The relay's producers: transactional (one Kafka transaction per relay batch, see
     * {@link io.closedloop.intake.relay.KafkaEventRelay}), hence idempotent with acks=all, so retries within a
     * transaction neither duplicate nor reorder. The factory caches one producer per concurrently running batch;
     * their transactional ids are {@code intake-relay-<instance id>-<n>}, distinct per intake instance.
     */
    @Bean
    DefaultKafkaProducerFactory<String, String> eventRelayProducerFactory(KafkaProperties kafka,
                                                                          RelayProperties relay) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(null));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // idempotence (and so transactions) keep order on retries only with at most 5 requests in flight
        Object inFlight = config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                inFlight == null ? 5 : Math.min(5, Integer.parseInt(inFlight.toString())));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // An open transaction holds back read_committed readers; a relay that died mid-batch holds them back at
        // most this long (unless it comes back with the same instance id, which aborts it at once).
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) relay.transactionTimeout().toMillis());
        // the factory numbers its producers' client ids: intake-event-relay-1, -2, ...
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "intake-event-relay");
        DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(config);
        factory.setTransactionIdPrefix(relay.transactionIdPrefix());
        return factory;
    }

    /** Dead letters keep the original bytes, exactly as they came. */
    @Bean
    KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(null));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "intake-dead-letters");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    /**
     * Records that can never be taken go to {@code <topic>.dlt} with the reason, at once (see {@link RecordFailures});
     * anything else is retried with back-off and no limit. Each failed attempt is logged with the record's position,
     * so a partition that waits says which record it waits on and why.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> deadLetterTemplate) {
        DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, e) -> new TopicPartition(record.topic() + ".dlt", -1));
        toDeadLetters.setExceptionHeadersCreator(new BoundedDeadLetterHeaders());
        // a batch listener names the failed record by a BatchListenerFailedException; the dead letter names the
        // record's own failure, as it did when the topics were consumed a record at a time
        ConsumerRecordRecoverer recoverer = (record, e) -> toDeadLetters.accept(record, deadLetterReason(e));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        RecordFailures.DETERMINISTIC.forEach(handler::addNotRetryableExceptions);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception e, int attempt) {
                log.warn("{} (key {}) failed, attempt {}: {}", RecordFailures.position(record), record.key(),
                        attempt, BoundedDeadLetterHeaders.cut(String.valueOf(rootCause(e)), 500));
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception e) {
                log.warn("{} (key {}) went to the dead-letter topic", RecordFailures.position(record), record.key());
            }

            @Override
            public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
                log.error("{} (key {}) could not be dead-lettered; delivered again: {}",
                        RecordFailures.position(record), record.key(), failure.toString(), failure);
            }
        });
        return handler;
    }

    private static Exception deadLetterReason(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BatchListenerFailedException batch && batch.getCause() != null) {
                Throwable cause = batch.getCause() instanceof RecordFailures.UnusableRecordException unusable
                        ? unusable.getCause() : batch.getCause();
                return new ListenerExecutionFailedException(cause.getMessage(), cause);
            }
        }
        return exception;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
