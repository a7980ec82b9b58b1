package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What happens when the same thing arrives several times at once: once is recorded, nobody gets an error. */
class ConcurrencyIT extends IntakeIntegrationTest {

    static final int PARALLEL = 8;

    <T> List<T> atOnce(Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameChannelMessageSubmittedConcurrentlyCreatesOneComplaint() throws Exception {
        // several rounds: a lost race shows up only now and then, and must never become an error
        for (int round = 0; round < 5; round++) {
            String body = ComplaintApiIT.complaintJson("race-" + UUID.randomUUID());
            List<EntityExchangeResult<JsonNode>> results = atOnce(() -> client().post().uri("/api/v1/complaints")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectBody(JsonNode.class).returnResult());

            assertThat(results).extracting(r -> r.getStatus().value()).containsOnly(201, 200);
            assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(1);
            String id = results.get(0).getResponseBody().get("complaintId").asText();
            assertThat(results).extracting(r -> r.getResponseBody().get("complaintId").asText()).containsOnly(id);
            client().get().uri("/api/v1/complaints/{id}/events", id)
                    .exchange().expectBody().jsonPath("$.length()").isEqualTo(1);
        }
    }

    @Test
    void concurrentActionsOnOneComplaintAreAllRecordedAndTheSameKeyOnlyOnce() throws Exception {
        String id = client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("actions-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("complaintId").asText();

        List<Integer> distinct = atOnce(() -> client().post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"u1\", \"note\": \"note " + UUID.randomUUID() + "\"}")
                .exchange().returnResult(String.class).getStatus().value());
        String key = UUID.randomUUID().toString();
        List<Integer> sameKey = atOnce(() -> client().post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"u1\", \"note\": \"double click\"}")
                .exchange().returnResult(String.class).getStatus().value());

        assertThat(distinct).containsOnly(200);
        assertThat(sameKey).containsOnly(200);
        // received + 8 distinct notes + 1 for the repeated key, in a gapless sequence
        client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(1 + PARALLEL + 1)
                .jsonPath("$[9].sequence").isEqualTo(9);
    }
}
