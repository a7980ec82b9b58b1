package io.closedloop.intake.history;

import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.ComplaintWords;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import io.closedloop.intake.complaint.ComplaintStatus;
import io.closedloop.intake.privacy.PersonalDataKeys;
import io.closedloop.intake.relay.EventEnvelopes;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a complaint's stream straight from the event store: the audit view (every event, in order, as recorded)
 * and the current state folded from it. Reading the stream itself, not a projection, means what we show is never
 * behind what we recorded. Personal data is masked in both.
 */
@Service
public class ComplaintHistory {

    private final EventStore eventStore;
    private final PersonalDataKeys personalDataKeys;

    public ComplaintHistory(EventStore eventStore, PersonalDataKeys personalDataKeys) {
        this.eventStore = eventStore;
        this.personalDataKeys = personalDataKeys;
    }

    /** The complaint's events in stream order, or empty if there is no such complaint. */
    public Optional<List<ComplaintEventEnvelope>> events(String complaintId) {
        List<ComplaintEventEnvelope> events = new ArrayList<>();
        eventStore.readEvents(complaintId).asStream()
                .map(EventEnvelopes::of)
                .map(this::masked)
                .forEach(events::add);
        return events.isEmpty() ? Optional.empty() : Optional.of(events);
    }

    /**
     * The complainant's personal data as they gave it, unmasked (or erased): only for a caller allowed to see it,
     * and only after the read is recorded ({@code PersonalDataReads}).
     */
    public PersonalDataKeys.Reading complainant(String complaintId) {
        return eventStore.readEvents(complaintId).asStream()
                .map(EventEnvelopes::of)
                .map(ComplaintEventEnvelope::payload)
                .filter(ComplaintReceivedEvent.class::isInstance)
                .map(payload -> personalDataKeys.complainantOf((ComplaintReceivedEvent) payload))
                .findFirst()
                .orElseGet(PersonalDataKeys.Reading.Absent::new);
    }

    /**
     * The subject and text as the customer wrote them, if intake masked personal details in them and the person
     * was not erased since: as {@link #complainant}, only for a caller allowed to see it, after the read is recorded.
     */
    public Optional<ComplaintWords> words(String complaintId) {
        return eventStore.readEvents(complaintId).asStream()
                .map(EventEnvelopes::of)
                .map(ComplaintEventEnvelope::payload)
                .filter(ComplaintReceivedEvent.class::isInstance)
                .findFirst()
                .flatMap(payload -> personalDataKeys.wordsOf((ComplaintReceivedEvent) payload));
    }

    public Optional<ComplaintView> current(String complaintId) {
        return events(complaintId).map(ComplaintHistory::fold);
    }

    /** The complainant opened and masked; an erased one is left out, with only its (meaningless) subject id. */
    private ComplaintEventEnvelope masked(ComplaintEventEnvelope e) {
        if (!(e.payload() instanceof ComplaintReceivedEvent r)) {
            return e;
        }
        ComplaintReceivedEvent maskedEvent = r.withComplainant(
                PersonalDataMask.mask(personalDataKeys.complainantOrNull(r)));
        return new ComplaintEventEnvelope(e.eventId(), e.type(), e.revision(), e.complaintId(), e.sequence(),
                e.occurredAt(), e.correlationId(), e.causationId(), maskedEvent);
    }

    /** The complaint's current state from its events, as {@link #current} gives it, without reading them again. */
    public static ComplaintView fold(List<ComplaintEventEnvelope> events) {
        Fold f = new Fold();
        events.forEach(f::apply);
        return f.view();
    }

    /** Mutable state while folding; the view it yields is immutable. */
    private static final class Fold {
        private ComplaintReceivedEvent received;
        private ComplaintStatus status;
        /** As the aggregate keeps it: asked and not yet answered, and not since resolved, reopened, closed or withdrawn. */
        private boolean waitingForCustomer;
        private ComplaintClassifiedEvent classified;
        private String department;
        private String priority;
        private Instant acknowledgedAt;
        private final Map<String, Deadline> deadlines = new LinkedHashMap<>();
        private final List<ComplaintView.Escalation> escalations = new ArrayList<>();
        private Instant promisedBy;
        private String solution;
        private Instant resolvedAt;
        private Integer satisfaction;
        private String duplicateOf;
        private int reopenCount;
        private Instant closedAt;
        private long version;
        private Instant lastChangedAt;

        void apply(ComplaintEventEnvelope e) {
            version = e.sequence();
            lastChangedAt = e.occurredAt();
            ComplaintEvent p = e.payload();
            if (p instanceof ComplaintReceivedEvent r) {
                received = r;
                status = ComplaintStatus.RECEIVED;
            } else if (p instanceof ComplaintClassifiedEvent c) {
                classified = c;
            } else if (p instanceof DepartmentAssignedEvent a) {
                department = a.department();
                priority = a.priority();
                if (status == ComplaintStatus.RECEIVED) {
                    status = ComplaintStatus.ASSIGNED;
                }
            } else if (p instanceof ComplaintTransferredEvent t) {
                department = t.toDepartment();
            } else if (p instanceof ComplaintAcknowledgedEvent a) {
                acknowledgedAt = a.acknowledgedAt();
                if (status == ComplaintStatus.RECEIVED || status == ComplaintStatus.ASSIGNED) {
                    status = ComplaintStatus.IN_PROGRESS;
                }
            } else if (p instanceof ProgressNotedEvent) {
                if (status == ComplaintStatus.RECEIVED || status == ComplaintStatus.ASSIGNED) {
                    status = ComplaintStatus.IN_PROGRESS;
                }
            } else if (p instanceof CustomerInformationRequestedEvent) {
                waitingForCustomer = true;
            } else if (p instanceof CustomerRepliedEvent) {
                waitingForCustomer = false;
            } else if (p instanceof DeadlinesSetEvent d) {
                d.deadlines().forEach(x -> deadlines.put(x.clockId(), x));
            } else if (p instanceof EscalationRaisedEvent x) {
                escalations.add(new ComplaintView.Escalation(x.clockId(), x.level(), x.escalatedTo(), x.dueAt()));
            } else if (p instanceof ExtensionPromisedEvent x) {
                promisedBy = x.newEta();
            } else if (p instanceof ComplaintResolvedEvent r) {
                solution = r.solution();
                resolvedAt = r.resolvedAt();
                status = ComplaintStatus.RESOLVED;
                waitingForCustomer = false;
            } else if (p instanceof SatisfactionRecordedEvent s) {
                satisfaction = s.score();
            } else if (p instanceof ComplaintReopenedEvent) {
                reopenCount++;
                status = ComplaintStatus.IN_PROGRESS;
                waitingForCustomer = false;
                solution = null;
                resolvedAt = null;
                closedAt = null;
            } else if (p instanceof ComplaintClosedEvent c) {
                closedAt = c.closedAt();
                status = ComplaintStatus.CLOSED;
                waitingForCustomer = false;
            } else if (p instanceof ComplaintWithdrawnEvent) {
                status = ComplaintStatus.WITHDRAWN;
                waitingForCustomer = false;
            } else if (p instanceof DuplicateDetectedEvent d) {
                duplicateOf = d.originalComplaintId();
            }
        }

        ComplaintView view() {
            ComplaintReceivedEvent r = received;
            return new ComplaintView(r.complaintId(), status, waitingForCustomer, r.channel(), r.channelMessageId(), r.receivedAt(),
                    r.complainant(), r.subject(), r.text(),
                    classified != null && classified.infoType() != null ? classified.infoType() : r.infoType(),
                    classified == null ? null : classified.category(),
                    classified == null ? null : classified.severity(),
                    classified == null ? List.of() : classified.topics(),
                    r.product(), r.orderRef(), r.location(), r.attachments() == null ? List.of() : r.attachments(),
                    department, priority, acknowledgedAt, List.copyOf(deadlines.values()), List.copyOf(escalations),
                    promisedBy, solution, resolvedAt, satisfaction, duplicateOf, reopenCount, closedAt, version,
                    lastChangedAt);
        }
    }
}
