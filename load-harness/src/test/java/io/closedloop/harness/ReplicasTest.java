package io.closedloop.harness;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicasTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aRequestThatFindsItsInstanceDeadGoesToTheNextOneAndAClientErrorIsAnAnswer() throws IOException {
        HttpServer alive = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        alive.createContext("/ok", exchange -> {
            byte[] body = "{\"complaintId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        alive.createContext("/bad", exchange -> {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        alive.start();
        try {
            Replicas replicas = new Replicas("intake-service", List.of("http://localhost:" + deadPort(),
                    "http://localhost:" + alive.getAddress().getPort()), http, Duration.ofSeconds(20));

            HttpResponse<String> created = replicas.postJson("/ok", "{}", "key-1");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.body()).contains("c-1");
            assertThat(replicas.failovers.get()).isEqualTo(1);

            // the next request starts at the next instance in turn: the live one, answering 400 as it is
            assertThat(replicas.get("/bad").statusCode()).isEqualTo(400);
        } finally {
            alive.stop(0);
        }
    }

    @Test
    void givesUpWithTheLastFailureWhenNoInstanceAnswers() throws IOException {
        Replicas replicas = new Replicas("routing-service", List.of("http://localhost:" + deadPort()), http,
                Duration.ofMillis(300));

        assertThatThrownBy(() -> replicas.get("/x")).isInstanceOf(IOException.class)
                .hasMessageContaining("no instance of routing-service answered");
    }

    @Test
    void readsTheLaunchersInstancesFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("instances.tsv"), """
                service\tinstance\tport\tpid\tlog
                intake-service\t2\t8181\t202\t/d/logs/intake-service-2.log
                intake-service\t1\t8081\t101\t/d/logs/intake-service.log
                """);

        PlatformInstances instances = PlatformInstances.read(dir.resolve("instances.tsv"));

        assertThat(instances.of("intake-service")).extracting(PlatformInstances.Instance::label)
                .containsExactly("intake-service", "intake-service#2");
        assertThat(instances.get("intake-service", 2).pid()).isEqualTo(202);
        assertThat(instances.urls()).containsEntry("intake-service",
                List.of("http://localhost:8081", "http://localhost:8181"));
        assertThatThrownBy(() -> PlatformInstances.read(dir.resolve("missing/instances.tsv")))
                .isInstanceOf(IOException.class).hasMessageContaining("--instances 2");
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }
}
