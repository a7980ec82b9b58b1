package io.closedloop.security;

import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401, 403 and the firewall's 400 as problem+json, like every other refusal of the platform, naming what is missing
 * or wrong.
 */
final class SecurityProblems {

    /** The schemes a caller may use, in the 401's {@code WWW-Authenticate}. */
    static final String CHALLENGE = "Bearer, Basic realm=\"closed-loop\", ApiKey header=\"" + ApiKeys.HEADER + "\"";

    private final ObjectMapper json;

    SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, failure) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            return write(exchange, HttpStatus.UNAUTHORIZED, "authentication",
                    "Sign in: send a bearer token (Authorization: Bearer ...), an API key (" + ApiKeys.HEADER
                            + ") or a user name and password (Authorization: Basic ...). " + failure.getMessage());
        };
    }

    ServerAccessDeniedHandler forbidden() {
        return (exchange, denied) -> Callers.current().flatMap(caller -> write(exchange, HttpStatus.FORBIDDEN,
                "role", caller.name() + " (" + caller.roles() + ") may not " + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath().value()));
    }

    /**
     * Spring Security's firewall refuses a request whose path could mean two things (an encoded {@code %}, {@code /}
     * or {@code ;}, {@code ..}, a NUL) before anything else sees it; by default with an empty 400, which a client
     * cannot tell from any other (found by the services' HostileInputIT).
     */
    ServerExchangeRejectedHandler rejected() {
        return (exchange, rejected) -> write(exchange, HttpStatus.BAD_REQUEST, "path",
                "The request's path is refused: " + rejected.getMessage());
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://closed-loop.dev/problems/" + switch (status) {
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            default -> "invalid-input";
        }));
        problem.setProperty("field", field);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ProblemDetail always serialises", e);
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
