package io.closedloop.contract;

import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One clock on a complaint as the SLA service computed it. The calendar and policy versions are stamped in,
 * so a replay reproduces the same deadline and an auditor can see which rules applied.
 *
 * @param clockId         stable id of this clock on this complaint, e.g. {@code acknowledge}
 * @param satisfiedBy     the event type that meets this clock, e.g. {@code ComplaintAcknowledged}: one of
 *                        {@link #SATISFYING_EVENTS}
 * @param startedAt       when the clock started (the customer's own time for the first clocks)
 * @param warnAt          when an early warning is due, or null for none
 * @param dueAt           when the clock falls due
 * @param calendarVersion the business calendar used, e.g. {@code cn-mainland@2026.1}
 * @param policyVersion   the clock policy used, e.g. {@code default-clocks@3}
 */
public record Deadline(
        String clockId,
        String satisfiedBy,
        Instant startedAt,
        Instant warnAt,
        Instant dueAt,
        String calendarVersion,
        String policyVersion) {

    /**
     * The event types that can meet a clock (its {@code satisfiedBy}), by type name, in the order of a complaint's
     * life. The {@code Complaint} aggregate records when each of them happened and refuses a clock naming any
     * other type: a clock nothing can meet would make every escalation on it look justified. sla-timer-service
     * validates its clock policies against the same set.
     */
    public static final Set<String> SATISFYING_EVENTS = typeNames(
            DepartmentAssignedEvent.class,
            ComplaintAcknowledgedEvent.class,
            ProgressNotedEvent.class,
            CustomerInformationRequestedEvent.class,
            CustomerRepliedEvent.class,
            ComplaintResolvedEvent.class,
            ResultFeedbackSentEvent.class,
            ComplaintClosedEvent.class);

    @SafeVarargs
    private static Set<String> typeNames(Class<? extends ComplaintEvent>... types) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<? extends ComplaintEvent> type : types) {
            names.add(ComplaintEvent.typeName(type));
        }
        return Collections.unmodifiableSet(names);
    }
}
