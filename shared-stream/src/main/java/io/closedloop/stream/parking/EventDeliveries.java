package io.closedloop.stream.parking;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each complaint event a service took from the stream, counted the same way in every service that
 * parks: {@code closedloop_events_consumed_total{type}}, {@code closedloop_events_duplicates_total},
 * {@code closedloop_events_held_total} and the gauge {@code closedloop_complaints_parked}.
 */
public class EventDeliveries {

    private static final Logger log = LoggerFactory.getLogger(EventDeliveries.class);

    /** An event handled for the first time, a redelivery ignored, or an event of a parked complaint kept back. */
    public enum Delivery { FIRST, REPEAT, HELD }

    private final MeterRegistry meters;
    private final Counter duplicates;
    private final Counter held;

    EventDeliveries(MeterRegistry meters, ParkedComplaints parked) {
        this.meters = meters;
        this.duplicates = Counter.builder("closedloop.events.duplicates")
                .description("Complaint events delivered again and ignored")
                .register(meters);
        this.held = Counter.builder("closedloop.events.held")
                .description("Events of parked complaints kept back until the complaint is released")
                .register(meters);
        Gauge.builder("closedloop.complaints.parked", parked, ParkedComplaints::count)
                .description("Complaints whose stream waits because one of their events was dead-lettered")
                .register(meters);
    }

    /** Counts an event once its transaction has committed. */
    public void count(ComplaintEventEnvelope event, Delivery delivery) {
        switch (delivery) {
            case FIRST -> Counter.builder("closedloop.events.consumed")
                    .description("Complaint events recorded for the first time")
                    .tag("type", event.type())
                    .register(meters)
                    .increment();
            case REPEAT -> {
                duplicates.increment();
                log.debug("Ignored redelivered event {} ({} #{} of complaint {})",
                        event.eventId(), event.type(), event.sequence(), event.complaintId());
            }
            case HELD -> {
                held.increment();
                log.info("Held event {} ({} #{}) of parked complaint {} until it is released",
                        event.eventId(), event.type(), event.sequence(), event.complaintId());
            }
        }
    }
}
