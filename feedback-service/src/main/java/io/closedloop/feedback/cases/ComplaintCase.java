package io.closedloop.feedback.cases;

import io.closedloop.contract.Complainant;

import java.time.Instant;
import java.util.List;

/**
 * What feedback-service knows about one complaint, from its stream: who to write to, in which language, and where
 * its loop stands. {@code round} counts its resolutions: a reopened complaint that is resolved again gets a new
 * round, with its own letter, survey and closing.
 */
public record ComplaintCase(
        String complaintId,
        Instant receivedAt,
        String channel,
        String language,
        Complainant complainant,
        String product,
        String subject,
        String text,
        Status status,
        int round,
        Instant resolvedAt,
        String solution,
        String effect,
        List<String> suggestionsTaken,
        String followUp,
        Instant closedAt,
        String duplicateOf,
        Instant resultFeedbackSentAt,
        boolean dissatisfiedInRound,
        int closeRequestedRound,
        int chasedRound) {

    public enum Status {
        OPEN, RESOLVED, CLOSED, WITHDRAWN;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String email() {
        return complainant == null ? null : blankToNull(complainant.email());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
