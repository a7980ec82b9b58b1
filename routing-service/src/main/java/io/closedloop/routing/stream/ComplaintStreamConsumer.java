package io.closedloop.routing.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.stream.parking.EventDeliveries;
import io.closedloop.stream.parking.EventDeliveries.Delivery;
import io.closedloop.stream.parking.ParkedComplaints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The service's one subscription to {@code complaint.events.v1}: every complaint event passes through here once,
 * in stream order per complaint. Failures are handled by the error handler in
 * {@link ComplaintStreamConfiguration}; a complaint one of whose events was dead-lettered is parked
 * ({@link ParkedComplaints}) and its later events wait.
 */
@Component
class ComplaintStreamConsumer {

    private final ComplaintEventHandling handling;
    private final ParkedComplaints parked;
    private final TransactionTemplate transactions;
    /** a savepoint per event inside the batch's transaction */
    private final TransactionTemplate perEvent;
    private final Clock clock;
    private final EventDeliveries deliveries;

    ComplaintStreamConsumer(ComplaintEventHandling handling, ParkedComplaints parked, TransactionTemplate transactions,
            Clock clock, EventDeliveries deliveries) {
        this.handling = handling;
        this.parked = parked;
        this.transactions = transactions;
        this.perEvent = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.perEvent.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /**
     * One poll's records at a time, in one database transaction: the events of a whole batch share one commit, one
     * offset commit and one wait for the broker, instead of one of each per event, which kept the service waiting
     * rather than working (issue 9). Records are handled in partition order, so one complaint's events stay in
     * stream order.
     * <p>
     * Each event has a savepoint: one that fails for good is rolled back alone, the events before it commit (with
     * their offsets), it goes to the dead-letter topic and parks its complaint, and the events after it are
     * delivered again. A failure that can pass (the database or the broker away) rolls the whole batch back; it is
     * delivered again, from its first record, until it succeeds.
     */
    @KafkaListener(id = "complaint-stream", groupId = "${spring.application.name}", batch = "true",
            topics = "#{T(io.closedloop.contract.topic.Topic).COMPLAINT_EVENTS.topicName()}")
    void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        List<ComplaintEventEnvelope> events = new ArrayList<>(records.size());
        InvalidComplaintEventException invalid = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(read(record));
            } catch (InvalidComplaintEventException e) {
                invalid = e;
                break;
            }
        }
        // What became of each event, by its position in the batch: the same event can be in one batch twice (a
        // redelivery right behind the first), so an event's equality cannot tell its two deliveries apart.
        Delivery[] deliveries = new Delivery[events.size()];
        int[] failedAt = {-1};
        RuntimeException[] failure = {null};
        try {
            transactions.executeWithoutResult(status -> {
                Arrays.fill(deliveries, null);
                failedAt[0] = -1;
                failure[0] = null;
                ComplaintEventHandling.Sends sends = handling.sends();
                for (int i = 0; i < events.size(); i++) {
                    ComplaintEventEnvelope event = events.get(i);
                    ConsumerRecord<String, byte[]> record = records.get(i);
                    Handled handled;
                    try {
                        handled = perEvent.execute(savepoint -> handle(record, event));
                    } catch (RuntimeException e) {
                        if (!UnprocessableComplaintEventException.deterministic(e)) {
                            throw e;
                        }
                        failedAt[0] = i;
                        failure[0] = e;
                        break;
                    }
                    // sent only once its savepoint is kept, and on their way while the next events are handled
                    sends.send(handled.records());
                    deliveries[i] = handled.delivery();
                }
                // everything the batch decided is with the broker before any of it commits
                sends.await();
            });
        } catch (RuntimeException e) {
            // Nothing of the batch was kept: it is delivered again from its first record, which the error handler
            // retries with back-off and no limit (never dead-letters: this failure is not deterministic).
            throw new BatchListenerFailedException("could not handle the batch from " + position(records.get(0)),
                    e, 0);
        }
        int handled = failedAt[0] < 0 ? events.size() : failedAt[0];
        count(events.subList(0, handled), deliveries);
        if (failure[0] != null) {
            ConsumerRecord<String, byte[]> record = records.get(failedAt[0]);
            throw new BatchListenerFailedException("could not handle " + position(record),
                    new UnprocessableComplaintEventException(record, failure[0]), failedAt[0]);
        }
        if (invalid != null) {
            // the records before it are handled and committed; this one goes to the dead-letter topic, the rest
            // are delivered again
            throw new BatchListenerFailedException(invalid.getMessage(), invalid, events.size());
        }
    }

    /** What became of one event, and the records it sends. */
    private record Handled(Delivery delivery, List<ProducerRecord<String, byte[]>> records) {
    }

    private Handled handle(ConsumerRecord<String, byte[]> record, ComplaintEventEnvelope event) {
        // A parked complaint's events wait, in order, for its release: handling them now would act on a stream
        // with a hole in it.
        if (parked.holdIfParked(event, record.value(), clock.instant())) {
            return new Handled(Delivery.HELD, List.of());
        }
        return handling.decide(event, record.value())
                .map(out -> new Handled(Delivery.FIRST, out))
                .orElseGet(() -> new Handled(Delivery.REPEAT, List.of()));
    }

    private void count(List<ComplaintEventEnvelope> events, Delivery[] deliveries) {
        for (int i = 0; i < events.size(); i++) {
            this.deliveries.count(events.get(i), deliveries[i]);
        }
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** The contract's reader says what is wrong with a record; the dead-letter reason must also say which one. */
    private static ComplaintEventEnvelope read(ConsumerRecord<String, byte[]> record) {
        try {
            return ComplaintEventReader.read(record.key(), record.value());
        } catch (io.closedloop.contract.event.InvalidComplaintEventException invalid) {
            throw new InvalidComplaintEventException(record, invalid);
        }
    }
}
