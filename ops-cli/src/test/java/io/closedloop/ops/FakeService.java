package io.closedloop.ops;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A stand-in for one service's HTTP API, for the tool's argument and error handling only: it answers the requests
 * it was given answers for, in order, records what it was asked, and answers 404 problem+json to anything else.
 */
final class FakeService implements AutoCloseable {

    /** An answer: status, content type, body. */
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        static Answer problem(int status, String title, String detail) {
            return new Answer(status, "application/problem+json",
                    "{\"type\":\"https://closed-loop.dev/problems/x\",\"title\":\"" + title + "\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\"}");
        }
    }

    /** A request as it came. */
    record Request(String method, String path, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Supplier<Answer>>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body));
            List<Supplier<Answer>> queue = answers.get(key);
            Answer answer = queue == null || queue.isEmpty() ? Answer.problem(404, "Not found", "nothing at " + key)
                    : queue.size() == 1 ? queue.get(0).get() : queue.remove(0).get();
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Answers {@code method path} with these, one per request, the last one for every request after. */
    FakeService on(String method, String path, Answer... inOrder) {
        List<Supplier<Answer>> queue = new CopyOnWriteArrayList<>();
        for (Answer a : inOrder) {
            queue.add(() -> a);
        }
        answers.put(method + " " + path, queue);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
