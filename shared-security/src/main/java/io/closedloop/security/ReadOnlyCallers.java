package io.closedloop.security;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Auditors read everything and change nothing, on every service, whatever a service's own rules say: a request
 * that could change something is refused for a caller whose only role is auditor. Signing out is the one exception.
 */
final class ReadOnlyCallers implements WebFilter {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (READS.contains(exchange.getRequest().getMethod())
                || exchange.getRequest().getPath().value().equals("/logout")) {
            return chain.filter(exchange);
        }
        return Callers.current().flatMap(caller -> caller.readOnly()
                ? Mono.error(new AccessDeniedException("an auditor reads and changes nothing"))
                : chain.filter(exchange));
    }
}
