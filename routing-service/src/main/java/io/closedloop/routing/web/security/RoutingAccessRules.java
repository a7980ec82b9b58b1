package io.closedloop.routing.web.security;

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
 * Who may call routing. Its rules, taxonomy and text models are the platform's configuration: read by supervisors
 * and auditors, changed (and tried with what-if) by administrators and supervisors. Moving a complaint to another
 * department is a customer-service decision: agents and supervisors. Departments do not call routing; they get
 * their complaints on their own topic.
 */
@Configuration(proxyBeanMethods = false)
public class RoutingAccessRules {

    @Bean
    AccessRules routingRoutes() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/routing-rules/**", "/api/v1/routing-rules",
                        "/api/v1/taxonomies/**", "/api/v1/taxonomies", "/api/v1/text-models/**",
                        "/api/v1/text-models", "/api/v1/classification/corrections.csv")
                .hasAnyRole(roles(AGENT, SUPERVISOR, AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/routing-rules/validation", "/api/v1/routing-rules/what-if",
                        "/api/v1/taxonomies/validation", "/api/v1/text-models/*/what-if")
                .hasAnyRole(roles(SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/v1/complaints/*/transfers")
                .hasAnyRole(roles(AGENT, SUPERVISOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/v1/parked-complaints", "/api/v1/parked-complaints/**")
                .hasAnyRole(roles(SUPERVISOR, AUDITOR, ADMIN));
        // changing the rules, taxonomy or models, and releasing a parked complaint: administrators (the default)
    }
}
