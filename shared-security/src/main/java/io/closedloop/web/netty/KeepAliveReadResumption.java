package io.closedloop.web.netty;

import io.netty.channel.Channel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServer;

/**
 * Works around a Reactor Netty 1.2 defect that left a keep-alive connection unread for good: the client's next
 * request sat in the socket, unanswered, until the client gave up (seen as an unexplained 30-second timeout in the
 * services' HostileInputITs, with nothing in the service's log, and a server thread that only read the request when
 * the client closed the connection).
 *
 * <p>The server reads on demand. When a request arrives while the previous response is still being finished it is
 * queued, and once that response is done the queue is drained. If the queued request is answered at once (a
 * rejection by the security filters, say), the drain ends without asking the channel for more data, and nothing
 * ever asks again (reactor/reactor-netty#4361, PR #4347; fixed in the 1.3 line, which needs Spring Boot 4).
 *
 * <p>Here every request, when it ends, asks its channel for the next read, on the channel's event loop after the
 * task that ended it, so after any drain in progress. A read asked for when one is already due changes nothing, so
 * this costs one task per request. Remove it once the services run on a Reactor Netty with the fix.
 */
@AutoConfiguration
@ConditionalOnClass(HttpServer.class)
public class KeepAliveReadResumption {

    @Bean
    NettyServerCustomizer resumeReadingAfterEveryRequest() {
        return KeepAliveReadResumption::resumeReadingAfterEveryRequest;
    }

    /** {@code server}, reading on after every request it answers. */
    public static HttpServer resumeReadingAfterEveryRequest(HttpServer server) {
        // doOnConnection is called for every request of a keep-alive connection (each has its own operations)
        return server.doOnConnection(KeepAliveReadResumption::readOnWhenDone);
    }

    private static void readOnWhenDone(Connection request) {
        Channel channel = request.channel();
        request.onTerminate()
                .doFinally(signal -> channel.eventLoop().execute(() -> {
                    if (channel.isActive()) {
                        channel.read();
                    }
                }))
                .subscribe();
    }
}
