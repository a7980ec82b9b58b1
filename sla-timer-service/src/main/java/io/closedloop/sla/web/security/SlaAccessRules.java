package io.closedloop.sla.web.security;

import static io.closedloop.security.AccessRules.roles;
import static io.closedloop.security.Role.ADMIN;
import static io.closedloop.security.Role.AGENT;
import static io.closedloop.security.Role.AUDITOR;
import static io.closedloop.security.Role.DEPARTMENT_SYSTEM;
import static io.closedloop.security.Role.DEPARTMENT_USER;
import static io.closedloop.security.Role.SUPERVISOR;

import io.closedloop.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call sla-timer. Calendars and clock policies are configuration: read by staff who see all departments,
 * changed by administrators. A complaint's clocks and the breaches list are read by customer service, supervisors
 * and auditors, and by a department's users and systems for their own department's complaints only (as on the
 * complaint itself in intake).
 */
@Configuration(proxyBeanMethods = false)
public class SlaAccessRules {

    @Bean
    AccessRules slaRoutes() {
        String[] seeAll = roles(AGENT, SUPERVISOR, AUDITOR, ADMIN);
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/calendars", "/api/v1/calendars/**", "/api/v1/clock-policies",
                        "/api/v1/clock-policies/**")
                .hasAnyRole(seeAll)
                // narrowed to the caller's own department in ClockController
                .pathMatchers(HttpMethod.GET, "/api/v1/complaints/*/clocks", "/api/v1/breaches")
                .hasAnyRole(roles(AGENT, SUPERVISOR, AUDITOR, ADMIN, DEPARTMENT_USER, DEPARTMENT_SYSTEM))
                .pathMatchers(HttpMethod.POST, "/api/v1/clock-policies/validation").hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/v1/parked-complaints", "/api/v1/parked-complaints/**")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN));
        // changing calendars and policies, and releasing a parked complaint: administrators (the default)
    }
}
