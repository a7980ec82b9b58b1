package io.closedloop.intake.relay;

import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every recorded complaint event to {@code complaint.events.v1}, keyed by complaint id.
 *
 * <p>It runs in a streaming event processor that reads the event store and keeps its position (token) in the same
 * database. The records of a batch are sent asynchronously, and the batch commits (so the token moves on) only
 * after Kafka has acknowledged every one of them; if any send fails, the batch rolls back and is read again. So
 * nothing is lost when Kafka or this service goes down mid-way, at the price of an occasional repeat, which
 * consumers drop by event id or by (complaint id, sequence). Events of one complaint go to one partition and the
 * processor keeps them in stream order (its segments are split by complaint id).
 */
@Component
@ProcessingGroup(KafkaEventRelay.PROCESSING_GROUP)
public class KafkaEventRelay {

    public static final String PROCESSING_GROUP = "kafka-relay";
    private static final String PENDING_SENDS = KafkaEventRelay.class.getName() + ".pending";

    private final KafkaTemplate<String, String> kafka;
    private final long deliveryTimeoutMillis;
    private final Counter relayed;

    public KafkaEventRelay(KafkaTemplate<String, String> eventRelayTemplate, RelayProperties properties,
                           MeterRegistry meters) {
        this.kafka = eventRelayTemplate;
        this.deliveryTimeoutMillis = properties.deliveryTimeout().toMillis();
        this.relayed = Counter.builder("closedloop.relay.events")
                .description("complaint events published to complaint.events.v1")
                .register(meters);
    }

    @EventHandler
    public void relay(ComplaintEvent event, DomainEventMessage<?> message) throws Exception {
        ComplaintEventEnvelope envelope = EventEnvelopes.of(message);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topic.COMPLAINT_EVENTS.topicName(), null,
                envelope.complaintId(), ContractJson.mapper().writeValueAsString(envelope));
        header(record, EventHeaders.EVENT_ID, envelope.eventId());
        header(record, EventHeaders.EVENT_TYPE, envelope.type());
        header(record, EventHeaders.EVENT_REVISION, envelope.revision());
        header(record, EventHeaders.COMPLAINT_ID, envelope.complaintId());
        header(record, EventHeaders.SEQUENCE, Long.toString(envelope.sequence()));
        header(record, EventHeaders.OCCURRED_AT, envelope.occurredAt().toString());
        header(record, EventHeaders.CORRELATION_ID, envelope.correlationId());
        header(record, EventHeaders.CAUSATION_ID, envelope.causationId());
        pendingSendsOfThisBatch().add(kafka.send(record).thenRun(relayed::increment));
    }

    private List<CompletableFuture<?>> pendingSendsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAcknowledgements(pending));
            return pending;
        });
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(deliveryTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayFailedException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RelayFailedException("Kafka did not acknowledge the batch; it will be sent again", e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A batch that Kafka did not take; the processor rolls it back and reads it again. */
    public static class RelayFailedException extends RuntimeException {
        public RelayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
