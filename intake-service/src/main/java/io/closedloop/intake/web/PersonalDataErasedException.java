package io.closedloop.intake.web;

/** The complainant of a complaint was erased at their request: there is nothing left to read (410 Gone). */
public class PersonalDataErasedException extends RuntimeException {

    public PersonalDataErasedException(String complaintId) {
        super("The complainant's personal data of complaint " + complaintId + " was erased at their request.");
    }
}
