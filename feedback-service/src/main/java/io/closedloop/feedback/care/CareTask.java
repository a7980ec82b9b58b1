package io.closedloop.feedback.care;

import java.time.Instant;

/**
 * A follow-up with a customer who was dissatisfied (客户关怀/挽回): opened for every dissatisfied answer, assigned
 * to someone, and done when its outcome is recorded.
 */
public record CareTask(String taskId, String complaintId, int score, String comment, Instant createdAt,
        String status, String assignee, Instant assignedAt, String outcome, String outcomeNote, String outcomeBy,
        Instant doneAt) {
}
