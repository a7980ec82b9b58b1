package io.closedloop.routing.stream;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.closedloop.routing.deciding.RoutingCommands;
import io.closedloop.routing.deciding.RoutingDecisions;
import io.closedloop.routing.fanout.DepartmentFanOut;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service's one subscription to {@code complaint.events.v1}: every complaint event passes through here once,
 * in stream order per complaint. Failures are handled by the error handler in
 * {@link ComplaintStreamConfiguration}.
 */
@Component
class ComplaintStreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStreamConsumer.class);

    /** longer than the producer's delivery.timeout.ms (30 s), so nothing of a failed attempt is still pending */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(35);

    private final ProcessedEventInbox inbox;
    private final RoutingDecisions decisions;
    private final DepartmentFanOut fanOut;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter duplicates;

    ComplaintStreamConsumer(ProcessedEventInbox inbox, RoutingDecisions decisions, DepartmentFanOut fanOut,
            KafkaTemplate<String, byte[]> kafka, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.decisions = decisions;
        this.fanOut = fanOut;
        this.kafka = kafka;
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
        // What the service does about an event belongs inside this transaction, after the inbox row, so that the
        // row and its effects commit together: a redelivery after a crash finds both or neither. Its commands and
        // department records are sent, and taken by the broker, before the commit; a repeat after a failed commit
        // sends the same command ids and event ids again, which their readers de-duplicate.
        boolean firstDelivery = Boolean.TRUE.equals(handleOnce(record, () -> transactions.execute(status -> {
            if (!inbox.recordIfNew(event, clock.instant())) {
                return false;
            }
            fanOut.log(event, record.value());
            List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
            decisions.onEvent(event).forEach(c -> out.add(RoutingCommands.record(c, event.correlationId())));
            out.addAll(fanOut.onEvent(event, record.value(), clock.instant()));
            send(out);
            return true;
        })));
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

    /**
     * A failure that trying again cannot change goes to the dead-letter topic with its reason instead of holding
     * up the partition for ever; any other (the database or the broker away) is retried.
     */
    private static Boolean handleOnce(ConsumerRecord<String, byte[]> record, java.util.function.Supplier<Boolean> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (UnprocessableComplaintEventException.deterministic(e)) {
                throw new UnprocessableComplaintEventException(record, e);
            }
            throw e;
        }
    }

    private void send(List<ProducerRecord<String, byte[]>> records) {
        var sent = records.stream().map(kafka::send).toList();
        try {
            for (var future : sent) {
                future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take routing's records within " + SEND_TIMEOUT, e);
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
