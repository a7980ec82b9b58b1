package io.closedloop.intake.privacy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PersonalDataProperties.class)
class PersonalDataConfig {

    /** Read once at start: a changed keyring (a rotation) takes effect when the instance restarts. */
    @Bean
    MasterKeys masterKeys(PersonalDataProperties properties) {
        return properties.masterKeys();
    }
}
