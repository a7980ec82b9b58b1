package io.closedloop.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of the platform's SMTP server, on a port of its own: the services send their mail through
 * it. With a delay set (the fault suite's "slow mail server", {@code <data-dir>/control/smtp.delay-ms}), every
 * answer of the mail server reaches the client that much later, as from a mail server under load or far away; with
 * none it passes bytes straight through. It exists so that a slow mail server can be shown not to hold up intake,
 * and that every due mail is still sent once when it recovers.
 */
public final class DelayingMailRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicLong delayMillis = new AtomicLong();
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "mail-relay");
        thread.setDaemon(true);
        return thread;
    });

    private DelayingMailRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code port} (0: a free one) of the loopback interface and relays to {@code host:targetPort}. */
    public static DelayingMailRelay start(int port, String host, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            DelayingMailRelay relay = new DelayingMailRelay(server, new InetSocketAddress(host, targetPort));
            relay.pumps.execute(relay::accept);
            return relay;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the mail relay on port " + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public Duration delay() {
        return Duration.ofMillis(delayMillis.get());
    }

    /** From now on, each answer of the mail server is held back this long (zero: none). */
    public void setDelay(Duration delay) {
        delayMillis.set(Math.max(0, delay.toMillis()));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException e) {
                    client.close(); // the mail server is away: the client sees a refused conversation, as it would
                    upstream.close();
                    continue;
                }
                pumps.execute(() -> pump(client, upstream, false));
                pumps.execute(() -> pump(upstream, client, true));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        byte[] buffer = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long delay = delayed ? delayMillis.get() : 0;
                if (delay > 0) {
                    Thread.sleep(delay); // the slowness is the point: this thread serves one direction of one conversation
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side hung up: closing both (try-with-resources) ends the other pump too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket that is already gone: nothing left to do
        }
        pumps.shutdownNow();
    }
}
