package io.closedloop.intake.web;

import java.time.Instant;
import java.util.List;

/** Bodies of the department actions on a complaint. {@code by} names the person acting; it is recorded. */
final class DepartmentActions {

    private DepartmentActions() {
    }

    record Acknowledge(String by, String department, String message) {
    }

    record NoteProgress(String by, String note) {
    }

    record PromiseExtension(String by, String clockId, Instant newEta, String reason) {
    }

    /**
     * The solution, and what the customer's written result feedback says about it: the effect, which of the
     * customer's suggestions were taken, and the follow-up service offered (all three optional).
     */
    record Resolve(String by, String solution, String effect, List<String> suggestionsTaken, String followUp) {
    }

    /** A question to the customer; the complaint then waits for the answer and its clocks pause. */
    record InformationRequest(String by, String question) {
    }

    /**
     * A person's correction of the classification routing made: the whole classification as it should be. It is
     * recorded as a ComplaintClassified event with {@code correction: true}, and routing keeps it as a labelled
     * example for the next training of its text model. {@code infoType} is a code such as {@code complaint}.
     */
    record Reclassify(String by, String infoType, String category, String severity, List<String> topics,
                      String reason) {
    }

    /** The customer's answer, as the department received it (phone, mail, chat); the clocks resume. */
    record CustomerReply(String by, String reply) {
    }
}
