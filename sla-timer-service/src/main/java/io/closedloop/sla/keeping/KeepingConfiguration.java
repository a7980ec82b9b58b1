package io.closedloop.sla.keeping;

import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.sla.calendar.CalendarStore;
import io.closedloop.sla.clock.ClockKeeper;
import io.closedloop.sla.clock.ClockRules;
import io.closedloop.sla.policy.PolicyStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;

@Configuration(proxyBeanMethods = false)
class KeepingConfiguration {

    /**
     * The rules the keeper decides by, backed by the stores. The shipped calendar and default policy are stored
     * here, before any listener or timer starts, so the first event already finds a policy in force.
     */
    @Bean
    ClockRules clockRules(PolicyStore policies, CalendarStore calendars) {
        calendars.seedShipped();
        policies.seedDefault(id -> calendars.latest(id).isPresent());
        return new ClockRules() {
            @Override
            public VersionedPolicy policyAt(Instant recordedAt) {
                PolicyStore.StoredPolicy stored = policies.activeAt(recordedAt);
                return new VersionedPolicy(stored.stamp(), stored.policy());
            }

            @Override
            public VersionedPolicy policy(String version) {
                PolicyStore.StoredPolicy stored = policies.stamped(version);
                return new VersionedPolicy(stored.stamp(), stored.policy());
            }

            @Override
            public BusinessCalendar calendarAt(String calendarId, Instant at) {
                return calendars.at(calendarId, at).calendar();
            }

            @Override
            public BusinessCalendar calendar(String version) {
                return calendars.version(version).calendar();
            }
        };
    }

    @Bean
    ClockKeeper clockKeeper(ClockRules rules) {
        return new ClockKeeper(rules);
    }
}
