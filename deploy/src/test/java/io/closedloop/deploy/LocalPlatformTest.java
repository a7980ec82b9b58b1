package io.closedloop.deploy;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPlatformTest {

    @Test
    void startsInfrastructureAndServicesAndStopsThemAll(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("project");
        fakeServiceJar(project, "intake-service", FakeService.class);
        fakeServiceJar(project, "sla-timer-service", FakeService.class);
        fakeServiceJar(project, "feedback-service", FakeService.class);
        int intakePort = ChildProcesses.freePort();
        int slaPort = ChildProcesses.freePort();
        int feedbackPort = ChildProcesses.freePort();
        int kafkaPort = ChildProcesses.freePort();
        int pgPort = ChildProcesses.freePort();
        int smtpPort = ChildProcesses.freePort();
        int imapPort = ChildProcesses.freePort();
        Path data = dir.resolve("data");

        long kafkaPid;
        long pgPid;
        Map<String, Long> pids;
        try (LocalPlatform platform = LocalPlatform.start("--data-dir", data.toString(), "--project-dir", project.toString(),
                "--kafka-port", Integer.toString(kafkaPort), "--postgres-port", Integer.toString(pgPort),
                "--smtp-port", Integer.toString(smtpPort), "--imap-port=" + imapPort,
                "--only", "intake-service,sla-timer-service,feedback-service",
                "--service-port", "intake-service=" + intakePort, "--service-port=sla-timer-service=" + slaPort,
                "--service-port", "feedback-service=" + feedbackPort,
                "--health-timeout", "60")) {
            pids = platform.servicePids();
            assertThat(pids).containsOnlyKeys("intake-service", "sla-timer-service", "feedback-service");
            assertThat(pids.values()).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            String env = get("http://localhost:" + slaPort + "/env");
            // compiled with C2 only once hot after the start (LocalPlatform.LATE_C2)
            assertThat(env).contains("-XX:Tier4InvocationThreshold=20000", "-XX:Tier4BackEdgeThreshold=160000");
            assertThat(env).contains(
                    "SERVER_PORT=" + slaPort,
                    "SPRING_KAFKA_BOOTSTRAP_SERVERS=localhost:" + kafkaPort,
                    "SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:" + pgPort + "/sla_timer",
                    "SPRING_DATASOURCE_USERNAME=postgres",
                    "SPRING_DATASOURCE_PASSWORD=postgres",
                    "SPRING_MAIL_PORT=" + platform.mailRelay().port(),
                    "MAIN=" + ParentWatchingMain.class.getName()); // started behind the parent watch
            assertThat(env).doesNotContain("CLOSEDLOOP_INTAKE_EMAIL_IMAP_PORT", "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL");
            // feedback's journal mailbox is on the platform's mail server, read over its IMAP port
            assertThat(get("http://localhost:" + feedbackPort + "/env")).contains(
                    "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_ADDRESS=" + LocalMailServer.FEEDBACK_JOURNAL_ADDRESS,
                    "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_HOST=localhost",
                    "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PORT=" + imapPort,
                    "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_USER=" + LocalMailServer.FEEDBACK_JOURNAL_ADDRESS,
                    "CLOSEDLOOP_FEEDBACK_MAIL_JOURNAL_IMAP_PASSWORD=" + LocalMailServer.FEEDBACK_JOURNAL_PASSWORD,
                    "SPRING_MAIL_PORT=" + platform.mailRelay().port());
            assertThat(get("http://localhost:" + intakePort + "/env")).contains(
                    "SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:" + pgPort + "/intake",
                    "SPRING_PROFILES_ACTIVE=local", "CLOSEDLOOP_INTAKE_EMAIL_IMAP_PORT=" + imapPort,
                    "CLOSEDLOOP_INTAKE_EMAIL_ACK_STATUS_PAGE_URL=http://localhost:" + intakePort + "/status.html",
                    "CLOSEDLOOP_INTAKE_RELAY_INSTANCE_ID=local-1",
                    "SPRING_MAIL_PORT=" + platform.mailRelay().port());
            // the services send mail through the launcher's relay (which the fault suite can slow down) to the server
            assertThat(platform.mailRelay().port()).isNotEqualTo(smtpPort);
            // the mail server runs before the services, with the complaints mailbox intake reads
            assertThat(platform.mailServer().isRunning()).isTrue();
            assertThat(ChildProcesses.isPortFree(smtpPort)).isFalse();
            assertThat(ChildProcesses.isPortFree(imapPort)).isFalse();
            assertThat(data.resolve("logs/intake-service.log")).content().contains("fake service listening on " + intakePort);

            // every service database exists; PostgreSQL runs durable
            try (Connection c = DriverManager.getConnection(platform.postgres().jdbcUrl("postgres"), "postgres", "postgres");
                 Statement s = c.createStatement()) {
                List<String> databases = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
                    while (rs.next()) {
                        databases.add(rs.getString(1));
                    }
                }
                assertThat(databases).contains("intake", "routing", "sla_timer", "feedback", "analytics");
                try (ResultSet rs = s.executeQuery("SHOW fsync")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("on");
                }
            }
            assertThat(platform.postgres().dataDir()).isEqualTo(data.resolve("postgres").toAbsolutePath());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(data.resolve("kafka/broker.log")).exists();
            kafkaPid = platform.kafka().pid();
            pgPid = platform.postgres().pid();
        }
        for (long pid : List.of(pids.get("intake-service"), pids.get("sla-timer-service"), pids.get("feedback-service"),
                kafkaPid, pgPid)) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d ended", pid).isFalse();
        }
        assertThat(ChildProcesses.isPortFree(kafkaPort)).isTrue();
        assertThat(ChildProcesses.isPortFree(pgPort)).isTrue();
        assertThat(ChildProcesses.isPortFree(smtpPort)).isTrue();
        assertThat(ChildProcesses.isPortFree(imapPort)).isTrue();
        // the broker's classes were archived at its clean stop, for the next start to map (class-data sharing)
        assertThat(data.resolve("launcher/cds/kafka-broker/kafka-broker.jsa")).isNotEmptyFile();
    }

    @Test
    void failsWithTheLogTailWhenAServiceDoesNotComeUpAndStopsTheOthers(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("project");
        fakeServiceJar(project, "intake-service", FakeService.class);
        fakeServiceJar(project, "routing-service", FakeFailingService.class);
        int intakePort = ChildProcesses.freePort();
        Path data = dir.resolve("data");
        // the services only, on the JVM's shared infrastructure (saves starting another broker and PostgreSQL)
        SharedTestInfrastructure infra = SharedTestInfrastructure.get().startAll();
        LocalPlatform.Options options = LocalPlatform.Options.parse("--data-dir", data.toString(),
                "--project-dir", project.toString(), "--only", "intake-service,routing-service",
                "--service-port", "intake-service=" + intakePort,
                "--service-port", "routing-service=" + ChildProcesses.freePort(), "--parallel", "2");

        assertThatThrownBy(() -> LocalPlatform.startServices(infra.kafka(), infra.postgres(), options, System.out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("routing-service exited with code 3")
                .hasMessageContaining("APPLICATION FAILED TO START: fake failure for the test");

        // the service that did start is stopped again; infrastructure it did not start is left alone
        long intakePid = Long.parseLong(Files.readString(data.resolve("fake-" + intakePort + ".pid")).trim());
        assertThat(ProcessHandle.of(intakePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ChildProcesses.isPortFree(intakePort)).isTrue();
        assertThat(infra.kafka().isRunning()).isTrue();
        assertThat(infra.postgres().isRunning()).isTrue();
    }

    @Test
    void runsTwoInstancesOfAServiceAndRestartsOneThatIsKilled(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("project");
        fakeServiceJar(project, "routing-service", FakeService.class);
        int port = freePortWithFreeSecondCopy();
        Path data = dir.resolve("data");
        SharedTestInfrastructure infra = SharedTestInfrastructure.get().startAll();
        LocalPlatform.Options options = LocalPlatform.Options.parse("--data-dir", data.toString(),
                "--project-dir", project.toString(), "--only", "routing-service", "--instances", "2",
                "--service-port", "routing-service=" + port);

        Map<String, Long> pids;
        try (LocalPlatform platform = LocalPlatform.startServices(infra.kafka(), infra.postgres(), options, System.out)) {
            pids = platform.servicePids();
            assertThat(pids).containsOnlyKeys("routing-service", "routing-service#2");
            // the second copy listens 100 ports up, on the same database, and logs to its own file
            assertThat(get("http://localhost:" + (port + 100) + "/env")).contains("SERVER_PORT=" + (port + 100),
                    "SPRING_DATASOURCE_URL=" + infra.postgres().jdbcUrl("routing"));
            assertThat(data.resolve("logs/routing-service-2.log")).content()
                    .contains("fake service listening on " + (port + 100));
            assertThat(Files.readAllLines(platform.instancesFile())).containsExactly(
                    "service\tinstance\tport\tpid\tlog",
                    "routing-service\t1\t" + port + "\t" + pids.get("routing-service") + "\t" + data.toAbsolutePath().resolve("logs/routing-service.log"),
                    "routing-service\t2\t" + (port + 100) + "\t" + pids.get("routing-service#2") + "\t" + data.toAbsolutePath().resolve("logs/routing-service-2.log"));

            // kill -9 the second copy: the launcher starts it again on the same port, and says so in instances.tsv
            long killed = pids.get("routing-service#2");
            long first = pids.get("routing-service");
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Long pid = platform.servicePids().get("routing-service#2");
                return pid != killed && LocalPlatform.isUp(HttpClient.newHttpClient(), port + 100);
            });
            long replacement = platform.servicePids().get("routing-service#2");
            assertThat(platform.servicePids().get("routing-service")).isEqualTo(first);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(platform.instancesFile()))
                    .contains("routing-service\t2\t" + (port + 100) + "\t" + replacement + "\t"));
            pids = platform.servicePids();
        }
        for (long pid : pids.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d ended", pid).isFalse();
        }
    }

    /** A free port whose second copy (port + 100) is free too. */
    private static int freePortWithFreeSecondCopy() {
        while (true) {
            int port = ChildProcesses.freePort();
            if (port + 100 <= 65535 && ChildProcesses.isPortFree(port + 100)) {
                return port;
            }
        }
    }

    @Test
    void namesAMissingJarAndTheBuildCommandBeforeStartingAnything(@TempDir Path dir) {
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> LocalPlatform.start("--data-dir", data.toString(), "--project-dir", dir.toString(),
                "--only", "feedback-service"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("feedback-service/target/feedback-service-0.1.0-SNAPSHOT.jar").toString())
                .hasMessageContaining("./mvnw -DskipTests package");
        assertThat(data).doesNotExist();
    }

    @Test
    void namesAPortThatIsInUseBeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalPlatform.start("--data-dir", data.toString(), "--no-services",
                    "--kafka-port", Integer.toString(port), "--postgres-port", Integer.toString(ChildProcesses.freePort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port + " for Kafka");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse("--only", "intake-service,billing-service"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("billing-service");
        assertThatThrownBy(() -> LocalPlatform.Options.parse("--kafka-port", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-port");
        assertThatThrownBy(() -> LocalPlatform.Options.parse("--frobnicate"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> LocalPlatform.Options.parse("--smtp-port", "9092"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
        LocalPlatform.Options mail = LocalPlatform.Options.parse("--smtp-port", "2525", "--imap-port=1143");
        assertThat(mail.smtpPort).isEqualTo(2525);
        assertThat(mail.imapPort).isEqualTo(1143);
        assertThat(LocalPlatform.Options.parse().smtpPort).isEqualTo(3025);
        assertThat(LocalPlatform.Options.parse().imapPort).isEqualTo(3143);
        assertThat(LocalPlatform.Options.parse("--no-services").services).isEmpty();
        assertThat(LocalPlatform.Options.parse().lateC2).isTrue();
        assertThat(LocalPlatform.Options.parse("--no-late-c2").lateC2).isFalse();
        assertThat(LocalPlatform.Options.parse().services).extracting(LocalPlatform.ServiceSpec::name).containsExactly(
                "intake-service", "routing-service", "sla-timer-service", "feedback-service", "analytics-service");
        assertThat(LocalPlatform.Options.parse("--data-dir", "a", "--data-dir", "b").dataDir).isEqualTo(Path.of("b"));
        assertThatThrownBy(() -> LocalPlatform.Options.parse("--instances", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--instances");
        assertThat(LocalPlatform.Options.parse("--instances", "2", "--only", "intake-service").instanceList())
                .extracting(LocalPlatform.Instance::label, LocalPlatform.Instance::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("intake-service", 8081),
                        org.assertj.core.groups.Tuple.tuple("intake-service#2", 8181));
        assertThat(LocalPlatform.Options.parse().restart).isTrue();
        assertThat(LocalPlatform.Options.parse("--no-restart").restart).isFalse();
    }

    /** {@code <project>/<service>/target/<service>-0.1.0-SNAPSHOT.jar} holding just {@code mainClass}. */
    private static void fakeServiceJar(Path project, String service, Class<?> mainClass) throws Exception {
        Path jar = project.resolve(service).resolve("target").resolve(service + "-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        String entry = mainClass.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = mainClass.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
