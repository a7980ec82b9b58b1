package io.closedloop.intake.web.ratelimit;

import io.closedloop.intake.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * Per-client rate limit on the endpoints that take complaints in, so one noisy adapter cannot starve the others: a
 * client over its limit gets 429 problem+json with {@code Retry-After}, and nothing of its request is handled.
 * Limited: filing ({@code POST /api/v1/complaints}), every channel endpoint ({@code /api/v1/channels/**}, the web
 * form included) and status lookups ({@code POST /api/v1/tracking/lookups}). Not limited: actuator, the department
 * actions on a complaint (few, made by the platform's own services and agents), reads, and the static pages (cheap
 * files; the lookups they make are limited here and by the lookup throttle).
 */
public class IntakeRateLimit implements WebFilter, Ordered {

    /**
     * Before the size limit and the handlers (a refused request should cost as little as possible), but after Spring
     * Security's filter chain (-100), so that a resolver reading the authenticated principal can replace today's.
     */
    static final int ORDER = -50;

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final PathPattern FILING = PARSER.parse("/api/v1/complaints");
    private static final PathPattern CHANNELS = PARSER.parse("/api/v1/channels/**");
    private static final PathPattern LOOKUPS = PARSER.parse("/api/v1/tracking/lookups");

    private final ClientKeyResolver clients;
    private final ClientBuckets buckets;
    private final RefusalCounter refusals;

    public IntakeRateLimit(ClientKeyResolver clients, ClientBuckets buckets, RefusalCounter refusals) {
        this.clients = clients;
        this.buckets = buckets;
        this.refusals = refusals;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limited(exchange)) {
            return chain.filter(exchange);
        }
        return clients.resolve(exchange).flatMap(client -> {
            ClientBuckets.Decision decision = buckets.take(client);
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("RateLimit-Limit", Long.toString(decision.limit().capacity()));
            headers.set("RateLimit-Remaining", Long.toString(decision.remaining()));
            if (decision.allowed()) {
                return chain.filter(exchange);
            }
            refusals.refused(client);
            return refuse(exchange, client, decision);
        });
    }

    static boolean limited(ServerWebExchange exchange) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        HttpMethod method = exchange.getRequest().getMethod();
        if (CHANNELS.matches(path)) {
            return true;
        }
        return HttpMethod.POST.equals(method) && (FILING.matches(path) || LOOKUPS.matches(path));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, ClientKey client, ClientBuckets.Decision decision) {
        var response = exchange.getResponse();
        long retryAfter = decision.retryAfterSeconds();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        String detail = "Client " + client + " is over its limit of " + decision.limit().describe()
                + "; nothing was recorded. Retry after " + retryAfter + " s. / 客户端 " + client + " 超出限流（"
                + decision.limit().capacity() + " 次突发，每 " + decision.limit().refillPeriod() + " 补充 "
                + decision.limit().refillTokens() + " 次），本次请求未被记录，请 " + retryAfter + " 秒后重试。";
        byte[] body = ("{\"type\":\"" + ProblemResponses.TYPE_BASE + "rate-limited\",\"title\":\"Too many requests\","
                + "\"status\":429,\"detail\":" + json(detail) + ",\"client\":" + json(client.toString())
                + ",\"retryAfterSeconds\":" + retryAfter + "}").getBytes(StandardCharsets.UTF_8);
        // Read and drop the body first (buffer by buffer, never holding it): a client still sending when the answer
        // comes would otherwise see its connection reset instead of the 429 and its Retry-After.
        return exchange.getRequest().getBody()
                .doOnNext(DataBufferUtils::release)
                .then(response.writeWith(Mono.just(response.bufferFactory().wrap(body))));
    }

    /** A JSON string literal; the client key is the caller's own text, so it is escaped, never pasted. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
