package io.closedloop.intake.tracking;

import io.closedloop.contract.TrackingNumbers;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.intake.complaint.ComplaintStatus;
import io.closedloop.intake.history.ComplaintHistory;
import io.closedloop.intake.privacy.PersonalDataKeys;
import io.closedloop.intake.history.ComplaintView;
import io.closedloop.intake.relay.EventEnvelopes;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a complaint by tracking number and second factor and says where it stands in customer terms. A wrong
 * number and a wrong factor give the same empty answer, so the lookup cannot be used to learn which numbers exist;
 * {@link LookupThrottle} stops anyone from trying many.
 */
@Service
public class CustomerStatusLookup {

    /** The clocks a customer was promised something by; the others (hand-offs between teams) are internal. */
    static final Set<String> CUSTOMER_CLOCKS = Set.of("acknowledge", "resolve", "result-feedback", "inquiry-callback",
            "failure-mode-appointment");

    private final TrackingNumberIndex index;
    private final EventStore eventStore;
    private final ComplaintHistory history;
    private final PersonalDataKeys personalDataKeys;

    public CustomerStatusLookup(TrackingNumberIndex index, EventStore eventStore, ComplaintHistory history,
                                PersonalDataKeys personalDataKeys) {
        this.index = index;
        this.eventStore = eventStore;
        this.history = history;
        this.personalDataKeys = personalDataKeys;
    }

    /**
     * @param trackingNumber as formatted by {@link TrackingNumbers#parse}
     * @return the status, or empty for an unknown number or a factor that does not match (indistinguishably)
     */
    public Optional<CustomerStatus> find(String trackingNumber, String secondFactor) {
        for (String complaintId : index.complaintsWith(trackingNumber)) {
            List<ComplaintEventEnvelope> events = new ArrayList<>();
            eventStore.readEvents(complaintId).asStream()
                    .map(m -> EventEnvelopes.of((DomainEventMessage<?>) m))
                    .forEach(events::add);
            if (!events.isEmpty() && events.get(0).payload() instanceof ComplaintReceivedEvent received
                    && SecondFactor.matches(personalDataKeys.complainantOrNull(received), secondFactor)) {
                return history.current(complaintId).map(view -> status(trackingNumber, received, view.status(),
                        view.waitingForCustomer(), view.department(), view.solution(), events));
            }
        }
        return Optional.empty();
    }

    /**
     * The complaint with this tracking number whose complainant the second factor names (e.g. the email a mail came
     * from): how a customer's later mail that quotes the number finds its complaint, and nobody else's.
     */
    public Optional<String> complaintOf(String trackingNumber, String secondFactor) {
        for (String complaintId : index.complaintsWith(trackingNumber)) {
            Optional<ComplaintReceivedEvent> received = eventStore.readEvents(complaintId).asStream().findFirst()
                    .map(m -> EventEnvelopes.of((DomainEventMessage<?>) m).payload())
                    .filter(ComplaintReceivedEvent.class::isInstance).map(ComplaintReceivedEvent.class::cast);
            if (received.isPresent()
                    && SecondFactor.matches(personalDataKeys.complainantOrNull(received.get()), secondFactor)) {
                return Optional.of(complaintId);
            }
        }
        return Optional.empty();
    }

    /** The customer's view of a complaint whose state ({@link ComplaintView}) and events are given. */
    static CustomerStatus status(String trackingNumber, ComplaintReceivedEvent received, ComplaintStatus state,
                                 boolean waitingForCustomer, String department, String solution,
                                 List<ComplaintEventEnvelope> events) {
        List<CustomerStatus.Milestone> milestones = new ArrayList<>();
        Map<String, Deadline> deadlines = new LinkedHashMap<>();
        Map<String, ExtensionPromisedEvent> extensions = new HashMap<>();
        Map<String, Instant> lastOccurrence = new HashMap<>();
        for (ComplaintEventEnvelope e : events) {
            ComplaintEvent p = e.payload();
            Instant at = e.occurredAt();
            lastOccurrence.put(e.type(), at);
            if (p instanceof ComplaintReceivedEvent r) {
                milestones.add(new CustomerStatus.Milestone("received", r.receivedAt(), null));
            } else if (p instanceof DepartmentAssignedEvent a) {
                milestones.add(new CustomerStatus.Milestone("assigned", a.assignedAt() == null ? at : a.assignedAt(), null));
            } else if (p instanceof ComplaintTransferredEvent) {
                milestones.add(new CustomerStatus.Milestone("transferred", at, null));
            } else if (p instanceof ComplaintAcknowledgedEvent a) {
                milestones.add(new CustomerStatus.Milestone("acknowledged",
                        a.acknowledgedAt() == null ? at : a.acknowledgedAt(), a.message()));
            } else if (p instanceof CustomerInformationRequestedEvent q) {
                milestones.add(new CustomerStatus.Milestone("information_requested",
                        q.requestedAt() == null ? at : q.requestedAt(), q.question()));
            } else if (p instanceof CustomerRepliedEvent r) {
                // the reply is the customer's own words; the milestone says we have it, not what it said
                milestones.add(new CustomerStatus.Milestone("customer_replied", r.repliedAt() == null ? at : r.repliedAt(), null));
            } else if (p instanceof ExtensionPromisedEvent x) {
                extensions.put(x.clockId() == null ? "resolve" : x.clockId(), x);
                milestones.add(new CustomerStatus.Milestone("extension_promised", at, x.reason()));
            } else if (p instanceof ComplaintResolvedEvent r) {
                milestones.add(new CustomerStatus.Milestone("resolved", r.resolvedAt() == null ? at : r.resolvedAt(), null));
            } else if (p instanceof ComplaintReopenedEvent) {
                milestones.add(new CustomerStatus.Milestone("reopened", at, null));
            } else if (p instanceof ComplaintClosedEvent c) {
                milestones.add(new CustomerStatus.Milestone("closed", c.closedAt() == null ? at : c.closedAt(), null));
            } else if (p instanceof ComplaintWithdrawnEvent) {
                milestones.add(new CustomerStatus.Milestone("withdrawn", at, null));
            } else if (p instanceof DuplicateDetectedEvent) {
                // the other complaint may be someone else's: say that it is handled together, never which one
                milestones.add(new CustomerStatus.Milestone("merged", at, null));
            } else if (p instanceof DeadlinesSetEvent d && d.deadlines() != null) {
                d.deadlines().forEach(x -> deadlines.put(x.clockId(), x));
            }
        }
        List<CustomerStatus.DueDate> dueDates = new ArrayList<>();
        if (state.isOpen()) {
            for (Deadline d : deadlines.values()) {
                Instant met = lastOccurrence.get(d.satisfiedBy());
                boolean alreadyMet = met != null && (d.startedAt() == null || !met.isBefore(d.startedAt()));
                if (!CUSTOMER_CLOCKS.contains(d.clockId()) || alreadyMet) {
                    continue;
                }
                ExtensionPromisedEvent extension = extensions.get(d.clockId());
                dueDates.add(extension != null && extension.newEta() != null
                        ? new CustomerStatus.DueDate(d.clockId(), extension.newEta(), true, extension.reason())
                        : new CustomerStatus.DueDate(d.clockId(), d.dueAt(), false, null));
            }
            dueDates.sort(Comparator.comparing(CustomerStatus.DueDate::dueAt,
                    Comparator.nullsLast(Comparator.naturalOrder())));
        }
        String status = waitingForCustomer && state.isOpen() ? "waiting_for_you"
                : state.name().toLowerCase(java.util.Locale.ROOT);
        return new CustomerStatus(trackingNumber, received.receivedAt(), received.channel().code(), received.subject(),
                status, department, List.copyOf(milestones), List.copyOf(dueDates), solution);
    }
}
