package io.closedloop.feedback.survey;

import io.closedloop.feedback.letter.Language;

import java.time.Instant;

/**
 * The satisfaction survey of one resolution round of a complaint. Its token is the customer's link; it can be
 * answered once (online with the token, or by staff for an answer taken by phone, on site or by a third party).
 */
public record Survey(String surveyId, String complaintId, int round, String token, Language language,
        Instant createdAt, Instant expiresAt, Instant answeredAt, Integer score, String comment, String method) {

    public boolean answered() {
        return answeredAt != null;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
