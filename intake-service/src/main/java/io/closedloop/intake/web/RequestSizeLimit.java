package io.closedloop.intake.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * Refuses a body that announces itself as too large without keeping any of it in memory; a body without a length is cut
 * off by the codec's limit ({@code spring.codec.max-in-memory-size}, the same number) instead.
 */
@Component
// before anything else, sign-in included: a body too large is refused without spending anything on it
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit implements WebFilter {

    static final long MAX_BYTES = 1024 * 1024;
    /** Bodies up to this size are read (and dropped) so the client gets the answer; larger ones are cut off. */
    static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length <= MAX_BYTES) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = ("{\"type\":\"" + ProblemResponses.TYPE_BASE + "too-large\",\"title\":\"Body too large\","
                + "\"status\":413,\"detail\":\"A complaint body may be at most " + MAX_BYTES / 1024
                + " KiB; send attachments as references.\",\"errors\":[{\"field\":\"$\",\"reason\":\"body too large\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        if (length > MAX_DRAINED_BYTES) {
            // not worth reading at all: answer at once and close the connection
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        }
        // Read and discard the body first (buffer by buffer, never holding it): a client that is still sending
        // when the answer comes would otherwise see its connection reset instead of this answer.
        return exchange.getRequest().getBody()
                .doOnNext(DataBufferUtils::release)
                .then(response.writeWith(Mono.just(response.bufferFactory().wrap(body))));
    }
}
