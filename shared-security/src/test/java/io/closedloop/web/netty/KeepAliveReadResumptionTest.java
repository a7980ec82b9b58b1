package io.closedloop.web.netty;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive sequence that left a connection unread (reactor/reactor-netty#4361), over a raw socket so that
 * nothing on the client side can hide it: a request answered late, a second request sent meanwhile and answered at
 * once, then a third request after both answers.
 */
class KeepAliveReadResumptionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void aConnectionIsReadOnAfterAQueuedRequestWasAnsweredAtOnce() throws IOException {
        assertThat(thirdAnswer(KeepAliveReadResumption::resumeReadingAfterEveryRequest)).isEqualTo("third");
    }

    /**
     * Without the resumption the third request is never read: this is the defect itself, so that the test above
     * stops proving anything the day Reactor Netty is fixed, and says so (then remove the workaround).
     */
    @Test
    void withoutItTheThirdRequestIsNeverRead() throws IOException {
        assertThat(thirdAnswer(UnaryOperator.identity())).isNull();
    }

    /** The third request's answer, or null if none came within {@link #PATIENCE}. */
    private static String thirdAnswer(UnaryOperator<HttpServer> configure) throws IOException {
        DisposableServer server = configure.apply(HttpServer.create().host("127.0.0.1").port(0)
                        .handle((request, response) -> response.sendString(request.uri().equals("/first")
                                ? Mono.just("first").delayElement(Duration.ofMillis(300))
                                : Mono.just(request.uri().substring(1)))))
                .bindNow();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get("/first"));
            out.flush();
            // sent while the first is being answered: queued behind it, and answered at once when its turn comes
            out.write(get("/second"));
            out.flush();
            assertThat(body(in)).isEqualTo("first");
            assertThat(body(in)).isEqualTo("second");
            out.write(get("/third"));
            out.flush();
            try {
                return body(in);
            } catch (SocketTimeoutException neverRead) {
                return null;
            }
        } finally {
            server.disposeNow();
        }
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One response's body, read by its Content-Length. */
    private static String body(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            head.write(b);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
