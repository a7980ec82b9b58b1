package io.closedloop.sla.policy;

import java.time.Duration;

/**
 * One rung of a clock's escalation ladder.
 *
 * @param level  1 for the first escalation, rising by one at each rung
 * @param after  how long after the clock fell due this rung is raised (wall-clock time: a missed deadline is
 *               chased around the clock)
 * @param escalateTo who is told, e.g. {@code team-lead}, {@code department-head}, {@code director}
 */
public record EscalationStep(int level, Duration after, String escalateTo) {
}
