package io.closedloop.contract;

import java.time.Instant;

/**
 * One clock on a complaint as the SLA service computed it. The calendar and policy versions are stamped in,
 * so a replay reproduces the same deadline and an auditor can see which rules applied.
 *
 * @param clockId         stable id of this clock on this complaint, e.g. {@code acknowledge}
 * @param satisfiedBy     the event type that meets this clock, e.g. {@code ComplaintAcknowledged}
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
}
