package io.closedloop.intake.channel.email.store;

import java.time.Instant;

/** One mail as the email channel recorded it (without its raw bytes). */
public record EmailRecord(long id, String messageKey, String messageId, String outcome, String reason, String notes,
                          String sender, String subject, String complaintId, String trackingNumber,
                          Instant receivedAt, Instant arrivedAt, Instant processedAt) {
}
