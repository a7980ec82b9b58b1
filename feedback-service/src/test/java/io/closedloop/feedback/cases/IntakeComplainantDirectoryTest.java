package io.closedloop.feedback.cases;

import com.sun.net.httpserver.HttpServer;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.SealedPersonalData;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client of intake's complainant endpoint, against a local HTTP server that answers as intake does (its real
 * behaviour is tested in intake's PersonalDataErasureIT and AccessControlIT): the key and purpose are sent, 410
 * means erased, and a failing instance is passed over for the next.
 */
class IntakeComplainantDirectoryTest {

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final Map<String, String> apiKeysSeen = new ConcurrentHashMap<>();
    private final Map<String, String> queriesSeen = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void aComplainantInClearIsTakenAsItIsWithoutAskingIntake() {
        Complainant inClear = new Complainant("王芳", "13812345678", null, null);
        var directory = new IntakeComplainantDirectory(new IntakeProperties(List.of(), null, null));

        assertThat(directory.complainantOf(received(inClear, null))).contains(inClear);
    }

    @Test
    void aSealedComplainantIsAskedOfIntakeWithTheKeyAndThePurpose() throws IOException {
        URI intake = serve(200, """
                {"complaintId": "cmp-1", "complainant": {"name": "王芳", "email": "wang@example.cn"}}""");
        var directory = new IntakeComplainantDirectory(new IntakeProperties(List.of(intake), "fb-key",
                Duration.ofSeconds(5)));

        assertThat(directory.complainantOf(received(null, sealed())))
                .contains(new Complainant("王芳", null, "wang@example.cn", null));
        assertThat(apiKeysSeen).containsEntry("/api/v1/complaints/cmp-1/complainant", "fb-key");
        assertThat(queriesSeen.get("/api/v1/complaints/cmp-1/complainant")).startsWith("purpose=feedback-service");
    }

    @Test
    void goneMeansErasedAndAFailingInstanceIsPassedOver() throws IOException {
        URI down = serve(503, "{}");
        URI erased = serve(410, "{\"type\": \"https://closed-loop.dev/problems/personal-data-erased\"}");
        var directory = new IntakeComplainantDirectory(new IntakeProperties(List.of(down, erased), "fb-key",
                Duration.ofSeconds(5)));

        assertThat(directory.complainantOf(received(null, sealed()))).isEmpty();
    }

    @Test
    void whenNoInstanceAnswersTheEventIsToBeRetried() throws IOException {
        URI down = serve(503, "{}");
        var directory = new IntakeComplainantDirectory(new IntakeProperties(List.of(down), "fb-key",
                Duration.ofSeconds(5)));
        var unconfigured = new IntakeComplainantDirectory(new IntakeProperties(List.of(down), "", null));

        assertThatThrownBy(() -> directory.complainantOf(received(null, sealed())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("503");
        assertThatThrownBy(() -> unconfigured.complainantOf(received(null, sealed())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("api-key");
    }

    private URI serve(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            apiKeysSeen.put(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Api-Key"));
            queriesSeen.put(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static SealedPersonalData sealed() {
        return new SealedPersonalData("subject-1", "AES-256-GCM", "AAAA");
    }

    private static ComplaintReceivedEvent received(Complainant inClear, SealedPersonalData sealed) {
        return new ComplaintReceivedEvent("cmp-1", Channel.WEB, null, Instant.parse("2026-11-23T08:00:00Z"), inClear,
                null, "text", InfoType.COMPLAINT, null, null, null, List.of(), null, null, null,
                Actor.customer(Channel.WEB, "web"), sealed);
    }
}
