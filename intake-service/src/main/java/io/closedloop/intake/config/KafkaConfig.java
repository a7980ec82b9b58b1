package io.closedloop.intake.config;

import com.fasterxml.jackson.core.JacksonException;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.intake.InvalidInputException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;

/**
 * Intake's Kafka wiring: the topics it owns, the producer of the event relay, and what happens to records it
 * cannot take. A record that can never be taken (not JSON, not UTF-8, invalid, for an unknown complaint) goes to
 * {@code <topic>.dlt} at once with the reason in its headers, so it never blocks the records behind it. Anything
 * else (database down, broker away) is retried with backoff, without limit: the partition waits rather than
 * skipping a good record.
 */
@Configuration
@EnableConfigurationProperties(TopicProperties.class)
public class KafkaConfig {

    @Bean
    KafkaAdmin.NewTopics intakeTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                topic(Topic.COMPLAINT_INTAKE, topics),
                topic(Topic.COMPLAINT_INTAKE_DLT, topics),
                topic(Topic.COMPLAINT_COMMANDS, topics),
                topic(Topic.COMPLAINT_COMMANDS_DLT, topics),
                TopicBuilder.name(Topic.COMPLAINT_EVENTS.topicName())
                        .partitions(topics.partitions()).replicas(topics.replicas())
                        // the distribution log of every complaint: kept forever, never compacted
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                        .build());
    }

    private static NewTopic topic(Topic topic, TopicProperties topics) {
        TopicBuilder builder = TopicBuilder.name(topic.topicName()).partitions(topics.partitions())
                .replicas(topics.replicas());
        if (topic.topicName().endsWith(".dlt")) {
            // a dead letter waits for a person to look at it; it must not expire on its own
            builder.config(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return builder.build();
    }

    /** The relay's producer: idempotent, acks=all, so retries neither duplicate within a session nor reorder. */
    @Bean
    KafkaTemplate<String, String> eventRelayTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(null));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "intake-event-relay");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
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

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> deadLetterTemplate) {
        DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, e) -> new TopicPartition(record.topic() + ".dlt", -1));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(toDeadLetters, backOff);
        handler.addNotRetryableExceptions(InvalidInputException.class, JacksonException.class,
                CharacterCodingException.class, AggregateNotFoundException.class, IllegalArgumentException.class);
        return handler;
    }
}
