package io.closedloop.intake.web.ratelimit;

import io.closedloop.intake.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeRateLimitTest {

    private final MovableClock clock = new MovableClock();
    private final RateLimitProperties properties = Limits.withNoisy(100, 1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IntakeRateLimit filter = new IntakeRateLimit(new AdapterOrAddressKeyResolver(false),
            new ClientBuckets(properties, clock), new RefusalCounter(registry, properties));
    private final AtomicInteger handled = new AtomicInteger();
    private final WebFilterChain chain = exchange -> {
        handled.incrementAndGet();
        return Mono.empty();
    };

    @Test
    void overItsLimitAClientGets429ProblemWithRetryAfterAndIsNotHandled() {
        assertThat(send(post("/api/v1/complaints", "noisy")).getResponse().getHeaders().getFirst("RateLimit-Remaining"))
                .isEqualTo("1");
        send(post("/api/v1/complaints", "noisy"));
        MockServerWebExchange refused = send(post("/api/v1/complaints", "noisy"));

        assertThat(handled).hasValue(2);
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(refused.getResponse().getHeaders().getFirst("RateLimit-Limit")).isEqualTo("2");
        assertThat(refused.getResponse().getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.getResponse().getBodyAsString().block())
                .contains("\"type\":\"https://closed-loop.dev/problems/rate-limited\"", "\"status\":429",
                        "adapter:noisy", "2 requests at once, 1 more every PT3S", "\"retryAfterSeconds\":3");
    }

    @Test
    void theChannelsAndLookupsAreLimitedButReadsActuatorAndDepartmentActionsAreNot() {
        assertThat(IntakeRateLimit.limited(MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/complaints"))))
                .isTrue();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.post("/api/v1/channels/web/complaints"))))
                .isTrue();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.post("/api/v1/channels/social/weibo"))))
                .isTrue();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.post("/api/v1/tracking/lookups")))).isTrue();

        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.get("/api/v1/complaints/abc")))).isFalse();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.post("/api/v1/complaints/abc/resolution"))))
                .isFalse();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.get("/actuator/health")))).isFalse();
        assertThat(IntakeRateLimit.limited(exchange(MockServerHttpRequest.get("/status.html")))).isFalse();
    }

    @Test
    void requestsOutsideTheLimitedEndpointsNeverTakeATokenNorGetHeaders() {
        for (int i = 0; i < 10; i++) {
            MockServerWebExchange read = send(MockServerHttpRequest.get("/api/v1/complaints/abc")
                    .header("X-Channel-Adapter", "noisy"));
            assertThat(read.getResponse().getHeaders().getFirst("RateLimit-Limit")).isNull();
        }
        assertThat(handled).hasValue(10);
        assertThat(send(post("/api/v1/complaints", "noisy")).getResponse().getStatusCode()).isNull();
    }

    @Test
    void refusalsAreCountedPerClientWithUnknownNamesFoldedIntoOther() {
        for (String adapter : new String[] {"noisy", "first-unknown", "second-unknown"}) {
            for (int i = 0; i < 6; i++) {
                send(post("/api/v1/complaints", adapter));
            }
        }
        for (int i = 0; i < 6; i++) {
            send(MockServerHttpRequest.post("/api/v1/complaints").remoteAddress(new InetSocketAddress("192.0.2.1", 1)));
        }
        assertThat(refused("noisy")).isEqualTo(4);
        assertThat(refused("first-unknown")).as("within metric-clients").isEqualTo(1);
        assertThat(refused("other")).isEqualTo(1);
        assertThat(refused("address")).isEqualTo(1);
        assertThat(registry.find(RefusalCounter.METRIC).counters()).hasSize(4);
    }

    @Test
    void aKeyWithQuotesIsEscapedInTheProblem() {
        assertThat(IntakeRateLimit.json("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    }

    private double refused(String client) {
        return registry.get(RefusalCounter.METRIC).tag("client", client).counter().count();
    }

    private static MockServerHttpRequest.BaseBuilder<?> post(String path, String adapter) {
        return MockServerHttpRequest.post(path).header("X-Channel-Adapter", adapter)
                .remoteAddress(new InetSocketAddress("192.0.2.7", 50000));
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
        return MockServerWebExchange.from(request);
    }

    private MockServerWebExchange send(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, chain).block();
        return exchange;
    }
}
