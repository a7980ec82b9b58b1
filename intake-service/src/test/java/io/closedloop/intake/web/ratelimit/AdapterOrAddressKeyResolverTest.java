package io.closedloop.intake.web.ratelimit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AdapterOrAddressKeyResolverTest {

    private static final InetSocketAddress CALLER = new InetSocketAddress("192.0.2.7", 50000);

    @Test
    void theAdapterHeaderNamesTheClient() {
        assertThat(resolve(false, request().header("X-Channel-Adapter", " cfpb-import ")))
                .isEqualTo(ClientKey.adapter("cfpb-import"));
    }

    @Test
    void withoutAnAdapterTheRemoteAddressNamesTheClient() {
        assertThat(resolve(false, request())).isEqualTo(ClientKey.address("192.0.2.7"));
    }

    @Test
    void aMalformedAdapterNameCountsAgainstTheAddress() {
        assertThat(resolve(false, request().header("X-Channel-Adapter", "Not A Code\"}")))
                .isEqualTo(ClientKey.address("192.0.2.7"));
    }

    @Test
    void forwardedForIsIgnoredUnlessTheProxyIsTrusted() {
        MockServerHttpRequest.BaseBuilder<?> forwarded = request().header("X-Forwarded-For", "203.0.113.9, 10.0.0.1");
        assertThat(resolve(false, forwarded)).isEqualTo(ClientKey.address("192.0.2.7"));
        assertThat(resolve(true, request().header("X-Forwarded-For", "203.0.113.9, 10.0.0.1")))
                .isEqualTo(ClientKey.address("203.0.113.9"));
        assertThat(resolve(true, request().header("X-Forwarded-For", "<script>")))
                .as("garbage in the header is not an address").isEqualTo(ClientKey.address("192.0.2.7"));
    }

    private static MockServerHttpRequest.BaseBuilder<?> request() {
        return MockServerHttpRequest.post("/api/v1/complaints").remoteAddress(CALLER);
    }

    private static ClientKey resolve(boolean trustForwardedFor, MockServerHttpRequest.BaseBuilder<?> request) {
        return new AdapterOrAddressKeyResolver(trustForwardedFor)
                .resolve(MockServerWebExchange.from(request)).block();
    }
}
