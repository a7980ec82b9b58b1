package io.closedloop.feedback.letter;

/** A text written to a customer: its subject line and its body, in one language. */
public record Written(Language language, String subject, String body) {
}
