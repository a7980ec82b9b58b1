package io.closedloop.sla.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.sla.keeping.ClockKeeping;
import io.closedloop.stream.parking.EventDeliveries;
import io.closedloop.stream.parking.EventDeliveries.Delivery;
import io.closedloop.stream.parking.ParkedComplaints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final ClockKeeping keeping;
    private final TransactionTemplate transactions;
    /** a savepoint per event inside the batch's transaction */
    private final TransactionTemplate perEvent;
    private final Clock clock;
    private final EventDeliveries deliveries;

    ComplaintStreamConsumer(ComplaintEventHandling handling, ParkedComplaints parked, ClockKeeping keeping,
            TransactionTemplate transactions, Clock clock, EventDeliveries deliveries) {
        this.handling = handling;
        this.parked = parked;
        this.keeping = keeping;
        this.transactions = transactions;
        this.perEvent = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.perEvent.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /**
     * One poll's records at a time, in one database transaction: the clock decisions of a whole batch share one
     * commit and one wait for the broker, which is what lets one instance keep up with hundreds of complaints a
     * second. Records are handled in partition order, so one complaint's events stay in stream order.
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
        // What the service does about an event belongs inside this transaction, after the inbox row, so that the
        // row and its effects commit together: a redelivery after a crash finds both or neither. Each event has a
        // savepoint: one that fails for good is rolled back alone, the ones before it commit, and it goes to the
        // dead-letter topic instead of stopping the partition.
        // What became of each event, by its position in the batch: the same event can be in one batch twice (a
        // redelivery right behind the first), so an event's equality cannot tell its two deliveries apart.
        Delivery[] outcomes = new Delivery[events.size()];
        int[] failedAt = {-1};
        RuntimeException[] failure = {null};
        transactions.executeWithoutResult(status -> {
            Arrays.fill(outcomes, null);
            ClockKeeping.Batch batch = keeping.batch();
            for (int i = 0; i < events.size(); i++) {
                ComplaintEventEnvelope event = events.get(i);
                ConsumerRecord<String, byte[]> record = records.get(i);
                try {
                    outcomes[i] = perEvent.execute(savepoint -> handle(record, event, batch));
                } catch (RuntimeException e) {
                    if (!UnprocessableComplaintEventException.deterministic(e)) {
                        throw e;
                    }
                    failedAt[0] = i;
                    failure[0] = e;
                    break;
                }
            }
            batch.await();
        });
        int handled = failedAt[0] < 0 ? events.size() : failedAt[0];
        count(events.subList(0, handled), outcomes);
        if (failure[0] != null) {
            ConsumerRecord<String, byte[]> record = records.get(failedAt[0]);
            throw new BatchListenerFailedException("could not handle " + record.topic() + "-" + record.partition()
                    + "@" + record.offset(), new UnprocessableComplaintEventException(record, failure[0]),
                    failedAt[0]);
        }
        if (invalid != null) {
            // the records before it are handled and committed; this one goes to the dead-letter topic, the rest
            // are delivered again
            throw new BatchListenerFailedException(invalid.getMessage(), invalid, events.size());
        }
    }

    private Delivery handle(ConsumerRecord<String, byte[]> record, ComplaintEventEnvelope event,
            ClockKeeping.Batch batch) {
        // A parked complaint's events wait, in order, for its release: keeping its clocks now would act on a stream
        // with a hole in it.
        if (parked.holdIfParked(event, record.value(), clock.instant())) {
            return Delivery.HELD;
        }
        return handling.handle(event, batch) ? Delivery.FIRST : Delivery.REPEAT;
    }

    private void count(List<ComplaintEventEnvelope> events, Delivery[] outcomes) {
        for (int i = 0; i < events.size(); i++) {
            deliveries.count(events.get(i), outcomes[i]);
        }
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
