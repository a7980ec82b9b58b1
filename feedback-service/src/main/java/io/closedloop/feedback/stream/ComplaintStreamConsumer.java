package io.closedloop.feedback.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.feedback.loop.ComplaintLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * The service's one subscription to {@code complaint.events.v1}: every complaint event passes through here once,
 * in stream order per complaint. Failures are handled by the error handler in
 * {@link ComplaintStreamConfiguration}.
 */
@Component
class ComplaintStreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStreamConsumer.class);

    private final ProcessedEventInbox inbox;
    private final ComplaintLoop loop;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter duplicates;

    ComplaintStreamConsumer(ProcessedEventInbox inbox, ComplaintLoop loop, TransactionTemplate transactions,
            Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.loop = loop;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.duplicates = Counter.builder("closedloop.events.duplicates")
                .description("Complaint events delivered again and ignored")
                .register(meters);
    }

    @KafkaListener(id = "complaint-stream", groupId = "${spring.application.name}",
            topics = "#{T(io.closedloop.contract.topic.Topic).COMPLAINT_EVENTS.topicName()}")
    void onRecord(ConsumerRecord<String, byte[]> record) {
        ComplaintEventEnvelope event = read(record);
        // What the service does about an event happens inside this transaction, after the inbox row, so that the
        // row and its effects commit together: a redelivery after a crash finds both or neither.
        boolean firstDelivery;
        try {
            firstDelivery = Boolean.TRUE.equals(transactions.execute(status -> {
                Instant now = clock.instant();
                if (!inbox.recordIfNew(event, now)) {
                    return false;
                }
                loop.on(event, now);
                return true;
            }));
        } catch (RuntimeException e) {
            if (UnprocessableComplaintEventException.deterministic(e)) {
                // the same event fails the same way every time: dead-lettered, not retried for ever
                throw new UnprocessableComplaintEventException(record, e);
            }
            throw e;
        }
        if (firstDelivery) {
            Counter.builder("closedloop.events.consumed")
                    .description("Complaint events recorded for the first time")
                    .tag("type", event.type())
                    .register(meters)
                    .increment();
        } else {
            duplicates.increment();
            log.debug("Ignored redelivered event {} ({} #{} of complaint {})",
                    event.eventId(), event.type(), event.sequence(), event.complaintId());
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
