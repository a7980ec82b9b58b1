package io.closedloop.feedback.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.stream.parking.EventDeliveries;
import io.closedloop.stream.parking.EventDeliveries.Delivery;
import io.closedloop.stream.parking.ParkedComplaints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
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
    private final Clock clock;
    private final EventDeliveries deliveries;

    ComplaintStreamConsumer(ComplaintEventHandling handling, ParkedComplaints parked, TransactionTemplate transactions,
            Clock clock, EventDeliveries deliveries) {
        this.handling = handling;
        this.parked = parked;
        this.transactions = transactions;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    @KafkaListener(id = "complaint-stream", groupId = "${spring.application.name}",
            topics = "#{T(io.closedloop.contract.topic.Topic).COMPLAINT_EVENTS.topicName()}")
    void onRecord(ConsumerRecord<String, byte[]> record) {
        ComplaintEventEnvelope event = read(record);
        Delivery delivery;
        try {
            delivery = transactions.execute(status -> {
                // A parked complaint's events wait, in order, for its release: acting on them now would act on a
                // stream with a hole in it (a letter about a resolution feedback never saw, say).
                if (parked.holdIfParked(event, record.value(), clock.instant())) {
                    return Delivery.HELD;
                }
                return handling.handle(event) ? Delivery.FIRST : Delivery.REPEAT;
            });
        } catch (RuntimeException e) {
            if (UnprocessableComplaintEventException.deterministic(e)) {
                // the same event fails the same way every time: dead-lettered and its complaint parked, not retried
                // for ever
                throw new UnprocessableComplaintEventException(record, e);
            }
            throw e;
        }
        deliveries.count(event, Objects.requireNonNull(delivery));
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
