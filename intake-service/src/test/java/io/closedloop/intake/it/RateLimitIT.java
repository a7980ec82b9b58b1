package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-client rate limit in the running service: the adapter {@value #NOISY} has a limit of 3 at once and one
 * more every 2 s (set in {@link IntakeIntegrationTest}, so the shared context is reused); everyone else has the
 * generous defaults.
 */
class RateLimitIT extends IntakeIntegrationTest {

    static final String NOISY = "rate-limit-noisy";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNoisyAdapterIsRefusedWithRetryAfterWhileAnotherIsStillAcceptedAndNothingRefusedIsFiled() {
        String run = "rl-" + UUID.randomUUID();
        List<EntityExchangeResult<JsonNode>> answers = new ArrayList<>();
        // its burst is 3; a slow first request may let one more token refill, so send until the first refusal
        for (int i = 0; i < 10 && (answers.isEmpty() || answers.get(answers.size() - 1).getStatus() != HttpStatus.TOO_MANY_REQUESTS); i++) {
            answers.add(file(NOISY, run + "-" + i));
        }
        EntityExchangeResult<JsonNode> refused = answers.get(answers.size() - 1);
        long accepted = answers.stream().filter(a -> a.getStatus() == HttpStatus.CREATED).count();

        // at the same moment, another adapter is accepted
        assertThat(file("rate-limit-quiet", run + "-quiet").getStatus()).isEqualTo(HttpStatus.CREATED);

        assertThat(refused.getStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(accepted).isBetween(3L, 4L);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        JsonNode problem = refused.getResponseBody();
        assertThat(problem.get("type").asText()).isEqualTo("https://closed-loop.dev/problems/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).contains("adapter:" + NOISY, "3 requests at once, 1 more every PT2S");

        // nothing was filed for the refused request: only the accepted ones of this run are in the event store
        assertThat(filedInRun(run + "-")).as("the accepted ones and the quiet one").isEqualTo(accepted + 1);

        // after Retry-After, the noisy adapter is accepted again
        String again = run + "-again";
        await().atMost(Duration.ofSeconds(retryAfter + 10)).pollDelay(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> file(NOISY, again).getStatus() == HttpStatus.CREATED);
        assertThat(filedInRun(run + "-")).isEqualTo(accepted + 2);
    }

    @Test
    void readsAndActuatorAreNotLimitedEvenForTheNoisyAdapter() {
        for (int i = 0; i < 8; i++) {
            client().get().uri("/actuator/health").header("X-Channel-Adapter", NOISY).exchange()
                    .expectStatus().isOk().expectHeader().doesNotExist("RateLimit-Limit");
        }
    }

    private EntityExchangeResult<JsonNode> file(String adapter, String messageId) {
        return client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .header("X-Channel-Adapter", adapter)
                .bodyValue(ComplaintApiIT.complaintJson(messageId))
                .exchange()
                .expectBody(JsonNode.class).returnResult();
    }

    /** Complaints received whose channel message id starts with this run's prefix (the quiet one included). */
    private long filedInRun(String prefix) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ComplaintReceived%' "
                + "AND convert_from(payload, 'UTF8') LIKE ?", Long.class, "%" + prefix + "%");
    }
}
