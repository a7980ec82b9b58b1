package io.closedloop.intake.web.security;

import static io.closedloop.security.AccessRules.roles;
import static io.closedloop.security.Role.ADMIN;
import static io.closedloop.security.Role.AGENT;
import static io.closedloop.security.Role.AUDITOR;
import static io.closedloop.security.Role.CHANNEL_ADAPTER;
import static io.closedloop.security.Role.DEPARTMENT_SYSTEM;
import static io.closedloop.security.Role.DEPARTMENT_USER;
import static io.closedloop.security.Role.PLATFORM_SERVICE;
import static io.closedloop.security.Role.SUPERVISOR;

import io.closedloop.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call intake. Customers are not signed in: the web form, its pages and the progress lookup (which asks
 * for the tracking number and the phone's last digits or the email) are open. Which complaints a department may
 * read and act on is decided per complaint by the controller, from its assignment.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeAccessRules {

    @Bean
    AccessRules intakeRoutes() {
        return exchanges -> exchanges
                // the customers' pages and the two calls they make
                .pathMatchers(HttpMethod.GET, "/", "/index.html", "/complaint.html", "/status.html", "/assets/**")
                .permitAll()
                .pathMatchers(HttpMethod.POST, "/api/v1/channels/web/complaints", "/api/v1/tracking/lookups")
                .permitAll()
                // the agents' form and the channels agents and adapters file through
                .pathMatchers(HttpMethod.GET, "/agent.html").hasAnyRole(roles(AGENT, SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/complaints", "/api/v1/channels/phone/calls",
                        "/api/v1/channels/onsite/visits")
                .hasAnyRole(roles(AGENT, SUPERVISOR, CHANNEL_ADAPTER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/channels/social/**").hasAnyRole(roles(CHANNEL_ADAPTER, ADMIN))
                // the mail channel's intake records
                .pathMatchers(HttpMethod.GET, "/api/v1/channels/email/messages/**", "/api/v1/channels/email/messages")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/channels/email/messages/*/reprocessing")
                .hasAnyRole(roles(SUPERVISOR, ADMIN))
                // who sees a complaint (and its personal data) is narrowed to a department in the controller;
                // feedback-service reads the complainant to address the result letter
                .pathMatchers(HttpMethod.GET, "/api/v1/complaints/*/complainant")
                .hasAnyRole(roles(AGENT, DEPARTMENT_USER, DEPARTMENT_SYSTEM, SUPERVISOR, AUDITOR, ADMIN,
                        PLATFORM_SERVICE))
                .pathMatchers(HttpMethod.GET, "/api/v1/complaints/**")
                .hasAnyRole(roles(AGENT, DEPARTMENT_USER, DEPARTMENT_SYSTEM, SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/v1/personal-data-reads", "/api/v1/personal-data-erasures")
                .hasAnyRole(roles(AUDITOR, SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/personal-data-erasures").hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/complaints/*/classification")
                .hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/complaints/*/acknowledgement",
                        "/api/v1/complaints/*/progress-notes", "/api/v1/complaints/*/extensions",
                        "/api/v1/complaints/*/resolution", "/api/v1/complaints/*/information-requests",
                        "/api/v1/complaints/*/customer-replies")
                .hasAnyRole(roles(AGENT, DEPARTMENT_USER, DEPARTMENT_SYSTEM, SUPERVISOR, ADMIN));
    }
}
