package io.closedloop.intake.web.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The intake rate limit's parts; off with {@code closedloop.intake.rate-limit.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnProperty(name = "closedloop.intake.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
public class RateLimitConfig {

    /** Replace this bean (e.g. with one reading the authenticated principal) to change who a request counts against. */
    @Bean
    @ConditionalOnMissingBean(ClientKeyResolver.class)
    ClientKeyResolver clientKeyResolver(RateLimitProperties properties) {
        return new AdapterOrAddressKeyResolver(properties.trustForwardedFor());
    }

    @Bean
    ClientBuckets clientBuckets(RateLimitProperties properties, Clock clock) {
        return new ClientBuckets(properties, clock);
    }

    @Bean
    IntakeRateLimit intakeRateLimit(ClientKeyResolver resolver, ClientBuckets buckets, MeterRegistry registry,
                                    RateLimitProperties properties) {
        return new IntakeRateLimit(resolver, buckets, new RefusalCounter(registry, properties));
    }
}
