package io.closedloop.sla.clock;

import java.time.Instant;

/**
 * A moment at which the keeper must look at a clock again: to warn, or to escalate at a level.
 * Timers are never cancelled: one set for an earlier generation of its clock, or for a clock met since,
 * does nothing when it fires.
 */
public record TimerRequest(String complaintId, String clockId, int generation, Action action, int level, Instant at) {

    public enum Action { WARN, ESCALATE }

    /** A stable id: the same request made twice (an event delivered again) is one timer. */
    public String id() {
        return complaintId + "/" + clockId + "/g" + generation + "/" + action.name().toLowerCase()
                + (action == Action.ESCALATE ? "-" + level : "");
    }
}
