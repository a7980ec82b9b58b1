package io.closedloop.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The ways of signing in, in the OpenAPI document of a service that publishes one. */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiSignIn {

    @Bean
    OpenApiCustomizer closedLoopSignInSchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(ApiKeys.HEADER)
                            .description("Channel adapters, department systems and tools"))
                    .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("bearer").bearerFormat("JWT")
                            .description("A token of the organisation's identity provider, with roles and department"))
                    .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("basic").description("A configured user's name and password"));
            openApi.addSecurityItem(new SecurityRequirement().addList("apiKey"))
                    .addSecurityItem(new SecurityRequirement().addList("bearer"))
                    .addSecurityItem(new SecurityRequirement().addList("basic"));
        };
    }
}
