package io.closedloop.intake.tracking;

import java.time.Instant;
import java.util.List;

/**
 * Where a complaint stands, as its customer may see it: codes that the status page puts in words, and only what was
 * meant for the customer (the acknowledgement, questions asked of them, promised dates and why, the solution).
 * Never staff notes, escalations, internal clocks, classification or anybody's personal data.
 *
 * @param status        received, assigned, in_progress, waiting_for_you, resolved, closed or withdrawn
 * @param department    the routing department code (the page names it), or null while none is responsible yet
 * @param milestones    what happened, oldest first
 * @param dueDates      the dates still ahead of us that the customer was promised, soonest first
 */
public record CustomerStatus(
        String trackingNumber,
        Instant receivedAt,
        String channel,
        String subject,
        String status,
        String department,
        List<Milestone> milestones,
        List<DueDate> dueDates,
        String solution) {

    /**
     * @param code   received, assigned, transferred, acknowledged, information_requested, customer_replied,
     *               extension_promised, resolved, reopened, closed, withdrawn, merged
     * @param detail words staff wrote for the customer (the acknowledgement, the question, the reason for a delay,
     *               the solution), or null
     */
    public record Milestone(String code, Instant at, String detail) {
    }

    /**
     * @param clockId  acknowledge, resolve, result-feedback, inquiry-callback or failure-mode-appointment
     * @param extended true when we promised a later date than first set; {@code reason} says why
     */
    public record DueDate(String clockId, Instant dueAt, boolean extended, String reason) {
    }
}
