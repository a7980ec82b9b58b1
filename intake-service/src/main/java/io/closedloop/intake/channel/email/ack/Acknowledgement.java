package io.closedloop.intake.channel.email.ack;

/** An acknowledgement waiting in the outbox. */
record Acknowledgement(String complaintId, String recipient, String language, String subject, String body,
                       String inReplyTo, int attempts) {
}
