package io.closedloop.deploy;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a Spring Boot service in {@link LocalPlatformTest}: packaged alone into a jar whose Main-Class
 * it is. Serves {@code /actuator/health} (UP) and {@code /env} (the configuration it got) on SERVER_PORT
 * until stopped. Self-contained: no nested classes (lambdas only).
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        String env = String.join("\n",
                "SERVER_PORT=" + System.getenv("SERVER_PORT"),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS=" + System.getenv("SPRING_KAFKA_BOOTSTRAP_SERVERS"),
                "SPRING_DATASOURCE_URL=" + System.getenv("SPRING_DATASOURCE_URL"),
                "SPRING_DATASOURCE_USERNAME=" + System.getenv("SPRING_DATASOURCE_USERNAME"),
                "SPRING_DATASOURCE_PASSWORD=" + System.getenv("SPRING_DATASOURCE_PASSWORD"),
                "MAIN=" + System.getProperty("sun.java.command"),
                "JVM_OPTIONS=" + String.join(" ",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
                + java.util.stream.Stream.of("SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_PROFILES_ACTIVE",
                                "CLOSEDLOOP_INTAKE_EMAIL_IMAP_HOST", "CLOSEDLOOP_INTAKE_EMAIL_IMAP_PORT",
                                "CLOSEDLOOP_INTAKE_EMAIL_ACK_STATUS_PAGE_URL", "CLOSEDLOOP_INTAKE_RELAY_INSTANCE_ID",
                                "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_ADDRESS", "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_HOST",
                                "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PORT", "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_USER",
                                "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PASSWORD")
                        .filter(name -> System.getenv(name) != null)
                        .map(name -> "\n" + name + "=" + System.getenv(name)).collect(java.util.stream.Collectors.joining());
        Files.writeString(Path.of("fake-" + port + ".pid"), Long.toString(ProcessHandle.current().pid()));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/env", exchange -> {
            byte[] body = env.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // like a real service, not healthy at once: the port stays closed for the first 1.5 s
        ScheduledExecutorService startup = Executors.newSingleThreadScheduledExecutor();
        startup.schedule(() -> {
            server.start();
            System.out.println("fake service listening on " + port);
        }, 1500, TimeUnit.MILLISECONDS);
        startup.shutdown(); // runs the scheduled start, then lets its thread end: the server's thread keeps the JVM up
    }
}
