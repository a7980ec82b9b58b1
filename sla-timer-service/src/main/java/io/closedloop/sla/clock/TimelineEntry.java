package io.closedloop.sla.clock;

import java.time.Instant;

/**
 * One line of a clock's story, as the explain endpoint shows it and the breach report counts it.
 *
 * @param kind       what happened, see {@link Kind}
 * @param at         when it happened (the event's own time, or when the timer fired)
 * @param detail     for people: the due time, the reason, the level and who was told
 * @param department the department responsible at that moment, for breach counts (考核)
 */
public record TimelineEntry(String clockId, int generation, Kind kind, Instant at, String detail,
        String department) {

    public enum Kind {
        STARTED, RETARGETED, PAUSED, RESUMED, EXTENDED, WARNING_REQUESTED, WARNED, ESCALATION_REQUESTED, ESCALATED,
        ESCALATION_DISMISSED, BREACHED, MET, MET_LATE, STOPPED, RECORDED_ON_COMPLAINT, REFUSED_BY_COMPLAINT
    }
}
