package io.closedloop.sla.clock;

import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.sla.policy.ClockPolicy;

import java.time.Instant;

/** Where the clock keeper looks up policies and calendars, by the versions a complaint recorded. */
public interface ClockRules {

    /** A policy in force, with the stamp clocks record for it. */
    record VersionedPolicy(String version, ClockPolicy policy) {
    }

    /** The policy version that applies to a complaint received (recorded) at this instant. */
    VersionedPolicy policyAt(Instant recordedAt);

    /** A policy by the stamp a complaint recorded, e.g. {@code default-clocks@2}. */
    VersionedPolicy policy(String version);

    /** The revision of this calendar that was current at this instant. */
    BusinessCalendar calendarAt(String calendarId, Instant at);

    /** A calendar by the stamp a complaint recorded, e.g. {@code cn-mainland@1}. */
    BusinessCalendar calendar(String version);
}
