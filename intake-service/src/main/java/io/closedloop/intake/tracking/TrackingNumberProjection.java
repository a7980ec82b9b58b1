package io.closedloop.intake.tracking;

import io.closedloop.contract.event.ComplaintReceivedEvent;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Indexes the tracking number of every complaint, whichever channel or API it came in by, from the event store.
 * A streaming processor of its own, so it starts from the first event (indexing complaints filed before it
 * existed) and keeps its position next to the events; a failure is retried, never skipped, or a customer's number
 * would stay unknown.
 */
@Component
@ProcessingGroup(TrackingNumberProjection.PROCESSING_GROUP)
public class TrackingNumberProjection {

    public static final String PROCESSING_GROUP = "tracking-numbers";

    private final TrackingNumberIndex index;

    public TrackingNumberProjection(TrackingNumberIndex index) {
        this.index = index;
    }

    @EventHandler
    void on(ComplaintReceivedEvent received) {
        index.register(received.complaintId(), received.receivedAt());
    }

    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessor(PROCESSING_GROUP);
        processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
