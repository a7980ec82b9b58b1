package io.closedloop.security.test;

import io.closedloop.security.ApiKeys;
import io.closedloop.security.DemoCredentials;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * For a service's integration tests, which exercise its behaviour rather than its security: the autowired
 * {@code WebTestClient} sends the demo administrator's API key (the test context must set
 * {@code closedloop.security.demo-credentials=true}). A test of who may do what takes another caller with
 * {@code web.mutate().defaultHeaders(h -> h.set(ApiKeys.HEADER, ...))} or removes the key.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SignedInAsAdmin {

    @Bean
    WebTestClientBuilderCustomizer signInAsDemoAdmin() {
        return builder -> builder.defaultHeader(ApiKeys.HEADER, DemoCredentials.ADMIN_KEY);
    }
}
