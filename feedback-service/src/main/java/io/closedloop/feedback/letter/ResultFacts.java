package io.closedloop.feedback.letter;

import java.time.Instant;
import java.util.List;

/**
 * What a result letter says, gathered from the complaint's stream: how it was resolved ({@code solution}), the
 * effect, which of the customer's suggestions were taken and the follow-up offered (as the department wrote them
 * on the resolution; a missing one gets the template's standard wording), the compensation granted, and where to
 * say whether the customer is satisfied.
 */
public record ResultFacts(String complaintId, String customerName, Instant receivedAt, String subject,
        String solution, String effect, List<String> suggestionsTaken, String followUp, List<String> compensations,
        String surveyUrl, Instant surveyValidUntil) {
}
