package io.closedloop.feedback.web.security;

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
 * Who may call feedback. The customer's survey page and its answer are open: the token in the link is the
 * customer's credential. Closing the loop (result letters, care calls, satisfaction taken by phone, compensation
 * proposals) is customer service's work; approving a compensation is a supervisor's; auditors read.
 */
@Configuration(proxyBeanMethods = false)
public class FeedbackAccessRules {

    @Bean
    AccessRules feedbackRoutes() {
        String[] customerService = roles(AGENT, SUPERVISOR, ADMIN);
        return exchanges -> exchanges
                .pathMatchers("/survey/*").permitAll()
                .pathMatchers(HttpMethod.POST, "/api/v1/surveys/*/answer").permitAll()
                .pathMatchers(HttpMethod.GET, "/api/v1/complaints/*/feedback", "/api/v1/complaints/*/result-letter",
                        "/api/v1/complaints/*/compensations", "/api/v1/compensations/*", "/api/v1/care-tasks",
                        "/api/v1/care-tasks/*", "/api/v1/closing/overdue", "/api/v1/outbox/mails")
                .hasAnyRole(roles(AGENT, SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/v1/parked-complaints", "/api/v1/parked-complaints/**")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/compensations/*/approval").hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/complaints/*/result-letter/dispatches",
                        "/api/v1/complaints/*/satisfaction", "/api/v1/complaints/*/compensations",
                        "/api/v1/compensations/*/payment", "/api/v1/care-tasks/*/assignment",
                        "/api/v1/care-tasks/*/outcome")
                .hasAnyRole(customerService);
        // releasing a parked complaint: administrators (the default)
    }
}
