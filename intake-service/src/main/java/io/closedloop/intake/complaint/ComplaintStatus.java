package io.closedloop.intake.complaint;

/** Where a complaint stands in its loop: received, owned, being handled, resolved, closed (or withdrawn). */
public enum ComplaintStatus {
    RECEIVED,
    ASSIGNED,
    IN_PROGRESS,
    RESOLVED,
    CLOSED,
    WITHDRAWN;

    /** Open complaints accept handling commands; closed ones only what follows a closing, withdrawn ones nothing. */
    public boolean isOpen() {
        return this != CLOSED && this != WITHDRAWN;
    }
}
