package io.closedloop.analytics.stream;

import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.analytics.hotspot.HotSpots;
import io.closedloop.analytics.hotspot.Keywords;
import io.closedloop.analytics.projection.Projections;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The service's one subscription to {@code complaint.events.v1}: every complaint event passes through here once,
 * in stream order per complaint. One poll's records are handled in one database transaction: they are added to the
 * event log (which drops redeliveries) and folded into the live projections, so a crash leaves both or neither.
 * Failures are handled by the error handler in {@link ComplaintStreamConfiguration}.
 */
@Component
class ComplaintStreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(ComplaintStreamConsumer.class);

    private final EventLog eventLog;
    private final Projections projections;
    private final HotSpots hotSpots;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter duplicates;
    private final StreamLag lag;

    ComplaintStreamConsumer(EventLog eventLog, Projections projections, HotSpots hotSpots,
            TransactionTemplate transactions, Clock clock, MeterRegistry meters, StreamLag lag) {
        this.eventLog = eventLog;
        this.projections = projections;
        this.hotSpots = hotSpots;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
        this.lag = lag;
        this.duplicates = Counter.builder("closedloop.events.duplicates")
                .description("Complaint events delivered again and ignored")
                .register(meters);
    }

    @KafkaListener(id = "complaint-stream", groupId = "${spring.application.name}", batch = "true",
            topics = "#{T(io.closedloop.contract.topic.Topic).COMPLAINT_EVENTS.topicName()}")
    void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        List<EventLog.Incoming> incoming = new ArrayList<>(records.size());
        InvalidComplaintEventException invalid = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ComplaintEventEnvelope event = read(record);
                // topic words are taken once, here, and logged with the event: a rebuild reuses them
                List<String> keywords = event.payload() instanceof ComplaintReceivedEvent r
                        ? Keywords.of(r.subject(), r.text()) : null;
                incoming.add(new EventLog.Incoming(event, record.value(), keywords));
            } catch (InvalidComplaintEventException e) {
                invalid = e;
                break;
            }
        }
        List<EventLog.Incoming> fresh;
        try {
            fresh = keep(incoming);
        } catch (RuntimeException e) {
            if (!UnprocessableComplaintEventException.deterministic(e)) {
                throw e; // the database is away: the whole batch is delivered again, with back-off
            }
            // One of the events cannot be kept however often it is tried (a NUL character, a time PostgreSQL cannot
            // hold): one at a time, the events before it are kept and it goes to the dead-letter topic, instead of
            // the whole batch failing for ever (found by HostileInputIT). Rare, so the slow path costs nothing.
            fresh = new ArrayList<>();
            for (int i = 0; i < incoming.size(); i++) {
                try {
                    fresh.addAll(keep(List.of(incoming.get(i))));
                } catch (RuntimeException single) {
                    if (!UnprocessableComplaintEventException.deterministic(single)) {
                        throw single;
                    }
                    count(incoming.subList(0, i), fresh);
                    throw new BatchListenerFailedException("could not handle " + records.get(i).topic() + "-"
                            + records.get(i).partition() + "@" + records.get(i).offset(),
                            new UnprocessableComplaintEventException(records.get(i), single), i);
                }
            }
        }
        count(incoming, fresh);
        if (!incoming.isEmpty()) {
            lag.consumed(incoming.get(incoming.size() - 1).envelope().occurredAt());
        }
        if (invalid != null) {
            // the records before it are handled and committed; this one goes to the dead-letter topic, the rest
            // are delivered again
            throw new BatchListenerFailedException(invalid.getMessage(), invalid, incoming.size());
        }
    }

    /** Adds the events to the log and folds the new ones into the live projections, in one transaction. */
    private List<EventLog.Incoming> keep(List<EventLog.Incoming> incoming) {
        return transactions.execute(status -> {
            List<EventLog.Incoming> firstDeliveries = eventLog.append(incoming, clock.instant());
            List<EventLog.Entry> entries = firstDeliveries.stream()
                    .map(i -> new EventLog.Entry(0, i.envelope(), i.keywords()))
                    .toList();
            projections.applyLive(entries);
            hotSpots.watch(entries);
            return firstDeliveries;
        });
    }

    private void count(List<EventLog.Incoming> incoming, List<EventLog.Incoming> fresh) {
        Set<String> first = new HashSet<>();
        fresh.forEach(i -> first.add(i.envelope().eventId()));
        for (EventLog.Incoming i : incoming) {
            ComplaintEventEnvelope event = i.envelope();
            // removed once counted: the same event twice in one poll is logged once, and the second is a duplicate
            if (first.remove(event.eventId())) {
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
