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
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Publishes every recorded complaint event to {@code complaint.events.v1}, keyed by complaint id, each batch of the
 * event processor as one Kafka transaction.
 *
 * <p>It runs in a streaming event processor that reads the event store and keeps its position (token) in the same
 * database. The first record of a batch begins a Kafka transaction; every record of the batch is sent in it, in
 * stream order; when the batch is about to commit, the relay waits for Kafka's acknowledgements and commits the
 * Kafka transaction, and only then does the batch commit (so the token moves on). If a send or the Kafka commit
 * fails, or the batch rolls back for any other reason, the Kafka transaction is aborted and the batch is read and
 * sent again, whole and in order. Why a transaction rather than separately acknowledged sends:
 * <ul>
 *   <li><b>order per complaint</b>: events of one complaint go to one partition and the processor keeps them in
 *       stream order (its segments are split by complaint id). Without a transaction, a failed record k followed by
 *       a successful k+1 of the same complaint would show k+1 to consumers before (or, if k never makes it,
 *       without) k. Consumers read with {@code isolation.level=read_committed}, so they see a batch completely,
 *       in order, or not at all;</li>
 *   <li><b>nothing lost</b>: the token moves only after Kafka committed the batch, so neither Kafka nor this
 *       service going down mid-way loses an event;</li>
 *   <li><b>all-or-nothing visibility</b>: an aborted batch is never seen by consumers; the retry is. The price is an
 *       occasional repeat (Kafka committed, the token update did not), which consumers drop by event id or by
 *       (complaint id, sequence).</li>
 * </ul>
 * Work packages run on several threads at once, so each batch takes its own transactional producer from the
 * factory's cache and returns it when the batch is over.
 */
@Component
@ProcessingGroup(KafkaEventRelay.PROCESSING_GROUP)
public class KafkaEventRelay {

    public static final String PROCESSING_GROUP = "kafka-relay";
    private static final String BATCH = KafkaEventRelay.class.getName() + ".batch";

    private final ProducerFactory<String, String> producers;
    private final long deliveryTimeoutMillis;
    private final Counter relayed;

    public KafkaEventRelay(ProducerFactory<String, String> eventRelayProducerFactory, RelayProperties properties,
                           MeterRegistry meters) {
        if (!eventRelayProducerFactory.transactionCapable()) {
            throw new IllegalArgumentException("the relay needs a transactional producer factory");
        }
        this.producers = eventRelayProducerFactory;
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
        transactionOfThisBatch().send(record);
    }

    /**
     * The Kafka transaction of the batch being processed, begun with its first record. It is committed when the
     * batch (the root unit of work) prepares to commit, aborted if the batch rolls back, and its producer goes back
     * to the factory when the batch is cleaned up; each of these is registered exactly once per batch.
     */
    private RelayTransaction transactionOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(BATCH, key -> {
            RelayTransaction transaction = new RelayTransaction(producers.createProducer(), deliveryTimeoutMillis);
            batch.onCleanup(u -> transaction.close());
            batch.onRollback(u -> transaction.abort());
            batch.onPrepareCommit(u -> relayed.increment(transaction.commit()));
            transaction.begin();
            return transaction;
        });
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
