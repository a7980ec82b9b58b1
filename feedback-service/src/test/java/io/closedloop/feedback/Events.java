package io.closedloop.feedback;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.Money;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.PersonalDataErasedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One complaint's stream as intake's relay would publish it, for tests: each call makes the next event, with the
 * next sequence number and a new event id.
 */
public final class Events {

    public static final Actor AGENT = Actor.user("agent-7");

    private final String complaintId;
    private long sequence;

    public Events(String complaintId) {
        this.complaintId = complaintId;
    }

    public String complaintId() {
        return complaintId;
    }

    public ComplaintEventEnvelope received(Instant at, Complainant complainant, String language, String product,
            String subject, String text) {
        return next(at, new ComplaintReceivedEvent(complaintId, Channel.WEB, "web-" + UUID.randomUUID(), at,
                complainant, subject, text, InfoType.COMPLAINT, product, null, null, List.of(), null, language, null,
                Actor.customer(Channel.WEB, "web-adapter")));
    }

    public ComplaintEventEnvelope resolved(Instant at, String solution, String effect, List<String> suggestions,
            String followUp) {
        return next(at, new ComplaintResolvedEvent(complaintId, solution, effect, suggestions, followUp, at, AGENT));
    }

    public ComplaintEventEnvelope satisfaction(Instant at, int score, String comment, String method) {
        return next(at, new SatisfactionRecordedEvent(complaintId, score, comment, method,
                Actor.customer(Channel.WEB, "feedback-survey")));
    }

    public ComplaintEventEnvelope reopened(Instant at, String reason) {
        return next(at, new ComplaintReopenedEvent(complaintId, reason, Actor.service("feedback-service", "t")));
    }

    public ComplaintEventEnvelope closed(Instant at) {
        return next(at, new ComplaintClosedEvent(complaintId, "customer-confirmed", at, AGENT));
    }

    public ComplaintEventEnvelope compensationProposed(Instant at, String compensationId, String kind, String amount) {
        return next(at, new CompensationProposedEvent(complaintId, compensationId, kind,
                new Money(new BigDecimal(amount), "CNY"), "test", AGENT));
    }

    public ComplaintEventEnvelope compensationApproved(Instant at, String compensationId, String amount,
            String approver) {
        return next(at, new CompensationApprovedEvent(complaintId, compensationId,
                new Money(new BigDecimal(amount), "CNY"), approver, Actor.user(approver)));
    }

    public ComplaintEventEnvelope personalDataErased(Instant at, String subjectId) {
        return next(at, new PersonalDataErasedEvent(complaintId, subjectId, at, "PIPL request 42",
                Actor.user("privacy-officer")));
    }

    public ComplaintEventEnvelope rejected(Instant at, String commandType, String commandId, String reason) {
        return next(at, new CommandRejectedEvent(complaintId, commandType, commandId, reason,
                Actor.service("feedback-service", "t")));
    }

    private ComplaintEventEnvelope next(Instant at, ComplaintEvent payload) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), typeName(payload), "1", complaintId,
                sequence++, at, UUID.randomUUID().toString(), UUID.randomUUID().toString(), payload);
    }

    @SuppressWarnings("unchecked")
    private static String typeName(ComplaintEvent payload) {
        return ComplaintEvent.typeName((Class<? extends ComplaintEvent>) payload.getClass());
    }
}
