package io.closedloop.feedback.compensation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One compensation of a complaint as feedback-service tracks it. {@code status} moves with the complaint's events:
 * {@code requested} (sent, not yet recorded), {@code proposed}, {@code approved}, {@code paid}; or {@code refused}
 * when the complaint refused a step ({@code refusal} says why).
 */
public record Compensation(String compensationId, String complaintId, String kind, BigDecimal amount,
        String currency, String reason, String proposedBy, Instant proposedAt, String status,
        BigDecimal approvedAmount, String approver, String approverRole, BigDecimal paidAmount,
        String paymentReference, String refusal) {
}
