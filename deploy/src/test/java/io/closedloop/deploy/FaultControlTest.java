package io.closedloop.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaultControlTest {

    /** A part that only remembers whether it runs. */
    static final class Switch implements FaultControl.Part {
        boolean running = true;
        int starts;

        public String name() {
            return "kafka";
        }

        public int port() {
            return 19092;
        }

        public boolean isRunning() {
            return running;
        }

        public void stop() {
            running = false;
        }

        public void start() {
            running = true;
            starts++;
        }
    }

    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void stopsAPartWhileItsFileExistsAndStartsItAgainWhenTheFileGoes(@TempDir Path dir) throws IOException {
        Switch kafka = new Switch();
        FaultControl control = new FaultControl(dir, List.of(kafka), null, 0, quiet);
        assertThat(Files.readAllLines(dir.resolve("status.tsv"))).contains("kafka\t19092\trunning");

        Files.writeString(dir.resolve("kafka.stopped"), "");
        control.checkOnce();
        assertThat(kafka.running).isFalse();
        assertThat(control.isHeldStopped("kafka")).isTrue();
        assertThat(Files.readAllLines(dir.resolve("status.tsv"))).contains("kafka\t19092\tstopped");
        control.checkOnce();
        assertThat(kafka.starts).isZero();

        Files.delete(dir.resolve("kafka.stopped"));
        control.checkOnce();
        assertThat(kafka.running).isTrue();
        assertThat(kafka.starts).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("status.tsv"))).contains("kafka\t19092\trunning");
    }

    @Test
    void doesNotStartAPartThatWentDownOnItsOwn(@TempDir Path dir) throws IOException {
        Switch kafka = new Switch();
        FaultControl control = new FaultControl(dir, List.of(kafka), null, 0, quiet);
        kafka.running = false; // a crash is for the operator to see, not for the control to hide
        control.checkOnce();
        assertThat(kafka.starts).isZero();
        assertThat(Files.readAllLines(dir.resolve("status.tsv"))).contains("kafka\t19092\tdown");
    }

    @Test
    void aStaleRequestFromAnEarlierRunIsForgottenAtStart(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kafka.stopped"), "");
        Files.writeString(dir.resolve("smtp.delay-ms"), "5000");
        Switch kafka = new Switch();
        FaultControl control = new FaultControl(dir, List.of(kafka), null, 0, quiet);
        control.checkOnce();
        assertThat(kafka.running).isTrue();
        assertThat(dir.resolve("smtp.delay-ms")).doesNotExist();
    }

    @Test
    void theMailRelayHoldsTheServersAnswersBackWhileTheDelayFileSaysSo(@TempDir Path dir) throws Exception {
        try (ServerSocket smtp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             DelayingMailRelay relay = DelayingMailRelay.start(0, "127.0.0.1", smtp.getLocalPort())) {
            FaultControl control = new FaultControl(dir, List.of(), relay, 13143, quiet);
            Files.writeString(dir.resolve("smtp.delay-ms"), "700");
            control.checkOnce();
            assertThat(relay.delay()).isEqualTo(Duration.ofMillis(700));
            assertThat(Files.readAllLines(dir.resolve("status.tsv")))
                    .contains("mail-relay\t" + relay.port() + "\tdelay-ms=700", "mail-imap\t13143\trunning");

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port());
                 Socket server = smtp.accept()) {
                OutputStream toClient = server.getOutputStream();
                long begin = System.nanoTime();
                toClient.write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                assertThat(readLine(client.getInputStream())).isEqualTo("220 ready");
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
                client.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                assertThat(readLine(server.getInputStream())).isEqualTo("QUIT"); // the client's side is not held back
            }

            Files.delete(dir.resolve("smtp.delay-ms"));
            control.checkOnce();
            assertThat(relay.delay()).isZero();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
