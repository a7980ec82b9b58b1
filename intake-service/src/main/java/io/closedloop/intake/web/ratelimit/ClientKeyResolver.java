package io.closedloop.intake.web.ratelimit;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Names the client a request counts against. One small bean on purpose: when authentication (issue 10) lands, a
 * resolver that reads the authenticated principal replaces {@link AdapterOrAddressKeyResolver}, and nothing else
 * changes.
 */
@FunctionalInterface
public interface ClientKeyResolver {

    Mono<ClientKey> resolve(ServerWebExchange exchange);
}
