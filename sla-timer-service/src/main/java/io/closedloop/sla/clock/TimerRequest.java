package io.closedloop.sla.clock;

import java.time.Instant;

/**
 * A moment at which the keeper must look at a clock again: to warn, or to escalate at a level.
 * Timers are never cancelled: one set for an earlier generation of its clock, or for a clock met since,
 * does nothing when it fires, and one that fires before its moment (the moment moved) sets itself again.
 */
public record TimerRequest(String complaintId, String clockId, int generation, Action action, int level, Instant at) {

    public enum Action { WARN, ESCALATE }

    /**
     * A stable id: the same request made twice (an event delivered again) is one timer, while a request for the
     * same action at another moment is another timer; it includes the moment, so it never collides with a timer
     * that is already set, or running, for an earlier moment.
     */
    public String id() {
        return complaintId + "/" + clockId + "/g" + generation + "/" + action.name().toLowerCase()
                + (action == Action.ESCALATE ? "-" + level : "") + "@" + at.toEpochMilli();
    }
}
