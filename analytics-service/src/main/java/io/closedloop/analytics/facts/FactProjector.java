package io.closedloop.analytics.facts;

import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlineWarningRaisedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds a complaint's events, in stream order, into its {@link ComplaintFact}. Pure: the same events give the same
 * fact whether they arrive live, in a rebuild or in a report as of a past moment, which is what makes a rebuild
 * give identical numbers. An event already folded (by sequence) changes nothing, so a redelivery or an overlapping
 * catch-up is harmless.
 */
public final class FactProjector {

    /**
     * As in the Complaint aggregate (intake-service): a satisfying event this much before its clock's start still
     * meets it, because hosts' clocks and a channel's receivedAt may disagree by that much.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** compiled once: String.replaceAll compiles its pattern on every call, and a rebuild calls it per topic */
    private static final Pattern HASHES_AROUND = Pattern.compile("^#+|#+$");

    private FactProjector() {
    }

    /** Applies one event; {@code keywords} are the topic words taken from the complaint's text, if any. */
    public static ComplaintFact apply(ComplaintFact fact, ComplaintEventEnvelope envelope, Collection<String> keywords) {
        ComplaintFact f = fact != null ? fact : new ComplaintFact();
        if (envelope.sequence() <= f.lastSequence) {
            return f;
        }
        f.complaintId = envelope.complaintId();
        f.lastSequence = envelope.sequence();
        f.lastEventAt = envelope.occurredAt();
        Instant at = envelope.occurredAt();
        ComplaintEvent event = envelope.payload();
        if (event instanceof ComplaintReceivedEvent e) {
            f.receivedAt = e.receivedAt() != null ? e.receivedAt() : at;
            f.channel = e.channel() == null ? null : e.channel().code();
            f.infoType = e.infoType() == null ? null : code(e.infoType().name());
            f.product = trim(e.product(), 300);
            f.region = trim(e.region(), 100);
            f.language = trim(e.language(), 35);
            f.publicPost = e.channelContext() != null && Boolean.TRUE.equals(e.channelContext().publicPost());
            if (keywords != null) {
                keywords.stream().map(FactProjector::topic).filter(t -> !t.isEmpty()).forEach(f.keywords::add);
            }
        } else if (event instanceof ComplaintClassifiedEvent e) {
            if (e.infoType() != null) {
                f.infoType = code(e.infoType().name());
            }
            if (e.category() != null) {
                f.category = trim(e.category(), 200);
            }
            if (e.severity() != null) {
                f.severity = trim(e.severity(), 50);
            }
            if (e.topics() != null) {
                f.classifiedTopics.clear();
                e.topics().stream().map(FactProjector::topic).filter(t -> !t.isEmpty())
                        .forEach(f.classifiedTopics::add);
            }
        } else if (event instanceof DepartmentAssignedEvent e) {
            f.department = trim(e.department(), 100);
            if (f.assignedAt == null) {
                f.assignedAt = or(e.assignedAt(), at);
            }
            advance(f, ComplaintFact.Status.ASSIGNED);
            f.milestone(envelope.type(), or(e.assignedAt(), at));
        } else if (event instanceof ComplaintTransferredEvent e) {
            f.department = trim(e.toDepartment(), 100);
            f.transfers++;
        } else if (event instanceof ComplaintAcknowledgedEvent e) {
            if (f.acknowledgedAt == null) {
                f.acknowledgedAt = or(e.acknowledgedAt(), at);
            }
            advance(f, ComplaintFact.Status.ACKNOWLEDGED);
            f.milestone(envelope.type(), or(e.acknowledgedAt(), at));
        } else if (event instanceof ProgressNotedEvent e) {
            f.milestone(envelope.type(), at);
        } else if (event instanceof CustomerInformationRequestedEvent e) {
            f.milestone(envelope.type(), or(e.requestedAt(), at));
        } else if (event instanceof CustomerRepliedEvent e) {
            f.milestone(envelope.type(), or(e.repliedAt(), at));
        } else if (event instanceof ComplaintResolvedEvent e) {
            f.resolvedAt = or(e.resolvedAt(), at);
            f.status = ComplaintFact.Status.RESOLVED;
            f.milestone(envelope.type(), f.resolvedAt);
        } else if (event instanceof ResultFeedbackSentEvent e) {
            f.feedbackSentAt = or(e.sentAt(), at);
            f.milestone(envelope.type(), f.feedbackSentAt);
        } else if (event instanceof SatisfactionRecordedEvent e) {
            f.satisfaction = e.score();
        } else if (event instanceof ComplaintReopenedEvent e) {
            f.reopened++;
            f.resolvedAt = null;
            f.closedAt = null;
            f.status = ComplaintFact.Status.REOPENED;
        } else if (event instanceof ComplaintClosedEvent e) {
            f.closedAt = or(e.closedAt(), at);
            f.status = ComplaintFact.Status.CLOSED;
            f.milestone(envelope.type(), f.closedAt);
        } else if (event instanceof ComplaintWithdrawnEvent e) {
            f.withdrawnAt = at;
            f.status = ComplaintFact.Status.WITHDRAWN;
        } else if (event instanceof DeadlinesSetEvent e) {
            for (Deadline d : e.deadlines() == null ? List.<Deadline>of() : e.deadlines()) {
                if (d == null || d.clockId() == null || d.dueAt() == null) {
                    continue;
                }
                ComplaintFact.Clock clock = f.clocks.computeIfAbsent(d.clockId(), id -> new ComplaintFact.Clock());
                clock.satisfiedBy = d.satisfiedBy();
                clock.startedAt = d.startedAt() != null ? d.startedAt() : at;
                clock.dueAt = d.dueAt();
            }
        } else if (event instanceof DeadlineWarningRaisedEvent e) {
            f.warnings++;
        } else if (event instanceof EscalationRaisedEvent e) {
            f.escalations++;
            ComplaintFact.Clock clock = f.clocks.get(e.clockId());
            if (clock != null) {
                clock.escalations++;
            }
        } else if (event instanceof ExtensionPromisedEvent e) {
            f.promisedEta = e.newEta();
        } else if (event instanceof DuplicateDetectedEvent e) {
            f.duplicateOf = trim(e.originalComplaintId(), 64);
        } else if (event instanceof CompensationPaidEvent e) {
            if (e.amount() != null && e.amount().amount() != null) {
                f.compensationPaid = f.compensationPaid.add(e.amount().amount());
                f.compensationCurrency = e.amount().currency();
            }
        }
        // proposals, approvals, notes on refusals and dismissals change no figure
        return f;
    }

    /** When the clock was met: the earliest satisfying event at or after its start (less the skew), or null. */
    public static Instant metAt(ComplaintFact fact, ComplaintFact.Clock clock) {
        return fact.milestones.getOrDefault(clock.satisfiedBy, List.of()).stream()
                .filter(t -> clock.startedAt == null || !t.isBefore(clock.startedAt.minus(CLOCK_SKEW)))
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    /** Topics are counted case-insensitively and without surrounding space or '#' (as in a hashtag). */
    static String topic(String raw) {
        if (raw == null) {
            return "";
        }
        String t = HASHES_AROUND.matcher(raw.strip()).replaceAll("").strip().toLowerCase(Locale.ROOT);
        return t.length() > 100 ? t.substring(0, 100) : t;
    }

    private static void advance(ComplaintFact f, ComplaintFact.Status to) {
        // assignment and acknowledgement move a complaint forward, never back from resolved or closed
        if (f.status.ordinal() < to.ordinal() && f.status != ComplaintFact.Status.REOPENED) {
            f.status = to;
        }
    }

    private static String code(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }

    private static Instant or(Instant value, Instant otherwise) {
        return value != null ? value : otherwise;
    }

    private static String trim(String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}
