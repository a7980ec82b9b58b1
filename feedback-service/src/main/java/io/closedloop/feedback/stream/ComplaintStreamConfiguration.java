package io.closedloop.feedback.stream;

import io.closedloop.contract.topic.Topic;
import io.closedloop.stream.parking.ParkedComplaintRelease;
import io.closedloop.stream.parking.ParkedComplaints;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;

/**
 * What happens when a complaint event cannot be handled. A record that is not a valid complaint event goes, with
 * its reason in the headers, to this service's dead-letter topic at once, so it neither blocks its partition nor
 * is lost; so does a valid event that fails the same way however often it is tried
 * ({@link UnprocessableComplaintEventException}). Its complaint is parked ({@link ParkedComplaints}): the complaint's
 * later events wait for an operator's release instead of being handled out of order. Any other failure (the database
 * is away) is retried with exponential back-off and no limit: skipping the event would break its complaint's stream,
 * so the partition waits until the failure passes.
 */
@Configuration(proxyBeanMethods = false)
class ComplaintStreamConfiguration {

    /** e.g. {@code complaint.events.v1.feedback-service.dlt}: one per consuming service, written only by it. */
    static String deadLetterTopic(String applicationName) {
        return Topic.COMPLAINT_EVENTS.topicName() + "." + applicationName + ".dlt";
    }

    /** Unless an operator owns the topics ({@code closedloop.kafka.create-topics=false}, e.g. Strimzi's KafkaTopic). */
    @Bean
    @ConditionalOnProperty(name = "closedloop.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    NewTopic complaintEventsDeadLetterTopic(@Value("${spring.application.name}") String applicationName,
            ComplaintStreamProperties properties) {
        return TopicBuilder.name(deadLetterTopic(applicationName))
                .partitions(properties.deadLetter().partitions())
                .replicas(properties.deadLetter().replicas())
                // kept until someone has looked at them
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /**
     * What a parked complaint's release does with the events that waited: what the stream consumer does with a first
     * delivery. shared-stream's ParkingAutoConfiguration makes the rest of parking from it.
     */
    @Bean
    ParkedComplaintRelease.EventHandling parkedEventHandling(ComplaintEventHandling handling) {
        return events -> events.forEach(e -> handling.handle(e.event()));
    }

    @Bean
    DefaultErrorHandler complaintStreamErrorHandler(@Value("${spring.application.name}") String applicationName,
            KafkaOperations<?, ?> kafka, ComplaintStreamProperties properties, MeterRegistry meters,
            ParkedComplaints parked, Clock clock) {
        String deadLetterTopic = deadLetterTopic(applicationName);
        // partition -1: the producer partitions by key, so the dead-letter topic may have any number of partitions.
        // If the dead-letter topic does not take the record, the record is delivered again: it is never dropped.
        var deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(deadLetterTopic, -1));

        // The complaint is parked before its record goes to the dead-letter topic: if parking fails (the database is
        // away) the record is delivered again rather than dead-lettered with its later events running ahead of it.
        // A record without a key belongs to no complaint and is only dead-lettered.
        ConsumerRecordRecoverer parkThenDeadLetter = (record, exception) -> {
            if (record.key() instanceof String complaintId && !complaintId.isBlank()) {
                parked.park(complaintId, record, ComplaintStreamFailures.reason(exception), clock.instant());
            }
            deadLetters.accept(record, exception);
        };

        var retry = properties.retry();
        var backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);

        var handler = new DefaultErrorHandler(parkThenDeadLetter, backOff);
        handler.addNotRetryableExceptions(InvalidComplaintEventException.class,
                UnprocessableComplaintEventException.class);
        handler.setRetryListeners(new ComplaintStreamFailures(deadLetterTopic, meters));
        return handler;
    }
}
