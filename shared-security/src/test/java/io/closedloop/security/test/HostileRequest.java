package io.closedloop.security.test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One endpoint of a service's HostileInputIT (the endpoint half): sent a hostile body and hostile values for its
 * {@code {v}} path and query variables, it must answer with a clear client error (problem+json) or accept, never
 * with a 5xx. The values are URI-encoded as a client would send them.
 *
 * @param uriTemplate e.g. {@code /api/v1/complaints/{v}/transfers?note={v}}: each {@code {v}} gets a hostile value
 * @param contentType the body's type; {@code null}: the request has no body
 * @param errorType   what a refusal must be besides problem+json: a page for people (a survey) answers with a page
 */
public record HostileRequest(HttpMethod method, String uriTemplate, MediaType contentType, MediaType errorType) {

    public HostileRequest(HttpMethod method, String uriTemplate, MediaType contentType) {
        this(method, uriTemplate, contentType, MediaType.APPLICATION_PROBLEM_JSON);
    }

    /**
     * Sends each request {@code samplesEach} times with a fresh body and fresh values, and returns every failure, not
     * only the first, so that one refusal cannot hide another endpoint's 5xx.
     */
    public static List<String> failures(WebTestClient web, List<HostileRequest> requests, int samplesEach,
                                        Supplier<byte[]> bodies, Supplier<String[]> values) {
        List<String> failures = new ArrayList<>();
        for (HostileRequest request : requests) {
            for (int i = 0; i < samplesEach; i++) {
                try {
                    request.send(web, bodies.get(), values.get());
                } catch (AssertionError failure) {
                    failures.add(failure.getMessage());
                }
            }
        }
        return failures;
    }

    /** {@code web} with 30 s to answer (5 s by default): a loaded machine may need longer; a service that sits on a
     *  request for 30 s fails. */
    public static WebTestClient patient(WebTestClient web) {
        return web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Sends it with {@code body} (if it takes one) and {@code values} for its variables, and checks the answer. */
    public void send(WebTestClient web, byte[] body, String... values) {
        var request = web.method(method).uri(uriTemplate, (Object[]) values);
        if (contentType != null) {
            request.contentType(contentType).bodyValue(body);
        }
        String input = describe(contentType != null ? body : null, values);
        EntityExchangeResult<byte[]> result;
        try {
            result = request.exchange().expectBody().returnResult();
        } catch (IllegalStateException timedOut) {
            // WebTestClient's "Timeout on blocking read": a request the service sits on is a failure too
            throw new AssertionError("%s %s did not answer %s in time".formatted(method, uriTemplate, input),
                    timedOut);
        }
        int status = result.getStatus().value();
        assertThat(status).as("%s %s answered %s to %s", method, uriTemplate, status, input).isLessThan(500);
        // 414 and 431: the server's HTTP layer (Reactor Netty, 4 KB request line, 8 KB headers) refuses the request
        // before any code of the service sees it, with no body at all
        if (status >= 400 && status != 429 && status != 414 && status != 431) {
            MediaType answered = result.getResponseHeaders().getContentType();
            // a problem is always a clear refusal: the firewall answers with one before a page for people is reached
            assertThat(answered != null && (errorType.isCompatibleWith(answered)
                    || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(answered)))
                    .as("%s %s answered %s to %s as %s, not %s", method, uriTemplate, status, input, answered,
                            errorType)
                    .isTrue();
        }
    }

    private static String describe(byte[] body, String... values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            text.append("value ").append(preview(value)).append(", ");
        }
        if (body != null) {
            text.append("body of ").append(body.length).append(" bytes: ")
                    .append(preview(new String(body, StandardCharsets.UTF_8)));
        }
        return text.toString();
    }

    private static String preview(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
