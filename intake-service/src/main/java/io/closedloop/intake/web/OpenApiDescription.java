package io.closedloop.intake.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title page of the API description served at /v3/api-docs (and committed as docs/openapi.json). */
@Configuration
class OpenApiDescription {

    @Bean
    OpenAPI intakeApi() {
        return new OpenAPI().info(new Info()
                .title("Closed Loop intake-service API")
                .version("v1")
                .license(new License().name("Apache-2.0"))
                .description("""
                        Files complaints from every channel and records what departments do about them. Every \
                        write answers only once its events are durable in the event store. Errors are RFC 7807 \
                        application/problem+json with an `errors` array naming each field and the reason. The same \
                        complaints can also be published to the Kafka topic complaint.intake.v1 (see \
                        docs/asyncapi.yaml)."""));
    }
}
