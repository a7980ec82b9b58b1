package io.closedloop.contract.event;

/**
 * A value on {@code complaint.events.v1} that is not a complaint event a consumer can trust. Retrying cannot fix
 * it: a consumer dead-letters the record, adding where it was found to the {@linkplain #reason() reason}.
 */
public final class InvalidComplaintEventException extends RuntimeException {

    private final String reason;

    InvalidComplaintEventException(String reason, Throwable cause) {
        super("not a valid complaint event: " + reason, cause);
        this.reason = reason;
    }

    InvalidComplaintEventException(String reason) {
        this(reason, null);
    }

    /** What is wrong with the value, e.g. {@code eventId is missing}. */
    public String reason() {
        return reason;
    }
}
