package io.closedloop.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * A form body that is not form data (a {@code %} not followed by two hex digits) makes Spring's form reader fail
 * with an {@code IllegalArgumentException}, which every service answered with 500: on the sign-in page
 * ({@code POST /login}, read by Spring Security before any controller) and on feedback's survey page (found by
 * HostileInputIT). Here every exchange reads its form data so that such a body is the client's error, a 400
 * ({@link ServerWebInputException}), wherever it is read.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class FormDataErrors {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter unreadableFormDataIsABadRequest() {
        return (exchange, chain) -> chain.filter(new ServerWebExchangeDecorator(exchange) {
            @Override
            public Mono<MultiValueMap<String, String>> getFormData() {
                return super.getFormData().onErrorMap(IllegalArgumentException.class, FormDataErrors::unreadable);
            }
        });
    }

    static ServerWebInputException unreadable(IllegalArgumentException e) {
        return new ServerWebInputException("The body is not form data (application/x-www-form-urlencoded): "
                + e.getMessage(), null, e);
    }
}
