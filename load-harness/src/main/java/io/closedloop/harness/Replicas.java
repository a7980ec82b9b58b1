package io.closedloop.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The instances of one service, used the way a client behind a load balancer would: each request goes to the next
 * instance in turn, and a request that finds its instance down (connection refused, reset, timed out, 5xx, 429)
 * is sent again to the next one, with the same body and idempotency key, until {@code patience} runs out.
 */
final class Replicas {

    private final String service;
    private final List<String> baseUrls;
    private final HttpClient http;
    private final Duration patience;
    private final AtomicInteger next = new AtomicInteger();
    /** Requests that had to be sent again because the instance they went to did not answer properly. */
    final AtomicInteger failovers = new AtomicInteger();
    /** Every HTTP status the instances answered with (a refused connection is not an answer), by code. */
    private final java.util.concurrent.ConcurrentMap<Integer, AtomicInteger> answers = new java.util.concurrent.ConcurrentHashMap<>();

    Replicas(String service, List<String> baseUrls, HttpClient http, Duration patience) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("no instance of " + service);
        }
        this.service = service;
        this.baseUrls = List.copyOf(baseUrls);
        this.http = http;
        this.patience = patience;
    }

    /** Sends the request built for a base URL; a 4xx other than 429 is an answer, returned as it is. */
    HttpResponse<String> send(Function<String, HttpRequest> request) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        int attempt = 0;
        String lastFailure = null;
        while (true) {
            String base = baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
            try {
                HttpResponse<String> response = http.send(request.apply(base), HttpResponse.BodyHandlers.ofString());
                answers.computeIfAbsent(response.statusCode(), code -> new AtomicInteger()).incrementAndGet();
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    return response;
                }
                lastFailure = base + " answered " + response.statusCode() + ": " + abbreviate(response.body());
            } catch (IOException e) {
                lastFailure = base + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            failovers.incrementAndGet();
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no instance of " + service + " answered within " + patience.toSeconds()
                        + " s; last: " + lastFailure);
            }
            attempt++;
            // every instance tried once: wait a little before the next round (a restarted one takes a while)
            if (attempt % baseUrls.size() == 0) {
                LockSupport.parkNanos(Duration.ofMillis(Math.min(2_000, 100L * attempt)).toNanos());
            }
        }
    }

    /** Status code to how many answers had it, so far. */
    java.util.Map<Integer, Integer> statuses() {
        java.util.Map<Integer, Integer> copy = new java.util.TreeMap<>();
        answers.forEach((code, n) -> copy.put(code, n.get()));
        return copy;
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(base -> HarnessHttp.request(base + path).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> postJson(String path, String json, String idempotencyKey) throws IOException {
        return send(base -> {
            HttpRequest.Builder builder = HarnessHttp.request(base + path).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (idempotencyKey != null) {
                builder.header("Idempotency-Key", idempotencyKey);
            }
            return builder.build();
        });
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
