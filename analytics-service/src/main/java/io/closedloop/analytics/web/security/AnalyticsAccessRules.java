package io.closedloop.analytics.web.security;

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
 * Who may read analytics. The dashboard and the reports are for every member of staff; a department's people see
 * its own figures only (ReportController narrows every report, drill-down and export to their department).
 * Rebuilding a projection is for administrators.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsAccessRules {

    @Bean
    AccessRules analyticsRoutes() {
        String[] staff = roles(AGENT, DEPARTMENT_USER, DEPARTMENT_SYSTEM, SUPERVISOR, AUDITOR, ADMIN);
        return exchanges -> exchanges
                // the dashboard's scripts, styles and texts hold no data: a sign-in page may load them too
                .pathMatchers(HttpMethod.GET, "/webjars/**", "/dashboard/*.js", "/dashboard/*.css",
                        "/dashboard/messages.json")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/", "/dashboard", "/dashboard/**", "/api/v1/dashboard/settings", "/api/v1/reports/**", "/api/v1/complaints/*/events",
                        "/api/v1/complaints/*/timeline")
                .hasAnyRole(staff)
                .pathMatchers(HttpMethod.GET, "/api/v1/projections", "/api/v1/projections/**")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/projections/rebuilds").hasRole(ADMIN.name());
    }
}
