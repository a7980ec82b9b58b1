package io.closedloop.sla.web.security;

import static io.closedloop.security.AccessRules.roles;
import static io.closedloop.security.Role.ADMIN;
import static io.closedloop.security.Role.AGENT;
import static io.closedloop.security.Role.AUDITOR;
import static io.closedloop.security.Role.SUPERVISOR;

import io.closedloop.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call sla-timer. Calendars and clock policies are configuration: read by staff who see all departments,
 * changed by administrators. A complaint's clocks and the breaches list are read by customer service, supervisors
 * and auditors; a department sees its own deadlines on the complaint itself (intake), which is narrowed to it.
 */
@Configuration(proxyBeanMethods = false)
public class SlaAccessRules {

    @Bean
    AccessRules slaRoutes() {
        String[] seeAll = roles(AGENT, SUPERVISOR, AUDITOR, ADMIN);
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/calendars", "/api/v1/calendars/**", "/api/v1/clock-policies",
                        "/api/v1/clock-policies/**", "/api/v1/complaints/*/clocks", "/api/v1/breaches")
                .hasAnyRole(seeAll)
                .pathMatchers(HttpMethod.POST, "/api/v1/clock-policies/validation").hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/v1/parked-complaints", "/api/v1/parked-complaints/**")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN));
        // changing calendars and policies, and releasing a parked complaint: administrators (the default)
    }
}
