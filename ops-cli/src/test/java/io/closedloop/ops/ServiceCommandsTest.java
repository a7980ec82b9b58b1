package io.closedloop.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that call the services' HTTP APIs, against a stand-in that answers as the services do: what is
 * asked, and how answers and failures reach the operator. The real services are exercised on the running platform
 * (docs/operations.md).
 */
class ServiceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void releasesAParkedComplaintWithTheChosenTreatmentOfItsFailedEvent() throws Exception {
        try (FakeService sla = new FakeService()) {
            sla.on("POST", "/api/v1/parked-complaints/C-1/release",
                    FakeService.Answer.json(200, "{\"complaintId\":\"C-1\",\"failedEvent\":\"SKIP\",\"eventsHandled\":2}"));

            OpsCli.Run run = OpsCli.run("parked", "release", "sla-timer", "C-1", "--failed-event", "skip",
                    "--sla-timer-url", sla.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("sla-timer-service: released complaint C-1 (failed event skipped), 2 event(s) handled");
            assertThat(JSON.readTree(sla.requests().get(0).body()).path("failedEvent").asText()).isEqualTo("skip");
        }
    }

    @Test
    void aReleaseThatFailsAgainEndsWith1AndTheServicesReasonWithoutAStackTrace() {
        try (FakeService routing = new FakeService()) {
            routing.on("POST", "/api/v1/parked-complaints/C-2/release", FakeService.Answer.problem(409, "Release failed",
                    "complaint C-2 stays parked; releasing it failed: rules version 7 is unknown"));

            OpsCli.Run run = OpsCli.run("parked", "release", "routing", "C-2", "--failed-event", "retry",
                    "--routing-url", routing.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("routing-service answered POST /api/v1/parked-complaints/C-2/release with 409 "
                    + "Release failed: complaint C-2 stays parked; releasing it failed: rules version 7 is unknown")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void listsParkedComplaintsOfEveryServiceThatParks() {
        try (FakeService routing = new FakeService(); FakeService sla = new FakeService();
             FakeService feedback = new FakeService()) {
            routing.on("GET", "/api/v1/parked-complaints", FakeService.Answer.json(200, "[{\"complaintId\":\"C-3\","
                    + "\"parkedAt\":\"2026-10-08T08:00:00Z\",\"reason\":\"not a valid complaint event\","
                    + "\"failedRecord\":\"complaint.events.v1-2@40\",\"waitingEvents\":3}]"));
            sla.on("GET", "/api/v1/parked-complaints", FakeService.Answer.json(200, "[]"));
            feedback.on("GET", "/api/v1/parked-complaints", FakeService.Answer.json(200, "[{\"complaintId\":\"C-4\","
                    + "\"parkedAt\":\"2026-10-08T09:00:00Z\",\"reason\":\"the database refuses it\","
                    + "\"failedRecord\":\"complaint.events.v1-5@7\",\"waitingEvents\":1}]"));

            OpsCli.Run run = OpsCli.run("parked", "list", "--routing-url", routing.url(), "--sla-timer-url", sla.url(),
                    "--feedback-url", feedback.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("routing-service: 1 parked complaint(s)", "C-3", "3 event(s) waiting",
                    "failed record complaint.events.v1-2@40", "sla-timer-service: 0 parked complaint(s)",
                    "feedback-service: 1 parked complaint(s)", "C-4");
        }
    }

    @Test
    void analyticsParksNoComplaintsItsCountsAreRebuilt() {
        OpsCli.Run run = OpsCli.run("parked", "release", "analytics", "C-1", "--failed-event", "retry");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("analytics-service does not park complaints");
    }

    @Test
    void wrongUsageEndsWith2AndSaysWhatIsWrong() {
        OpsCli.Run noTreatment = OpsCli.run("parked", "release", "routing", "C-1");
        OpsCli.Run unknownService = OpsCli.run("projection", "rebuild", "billing");

        assertThat(noTreatment.exitCode()).isEqualTo(2);
        assertThat(noTreatment.err()).contains("Missing required option: '--failed-event=retry|skip'");
        assertThat(unknownService.exitCode()).isEqualTo(2);
        assertThat(unknownService.err()).contains("'billing' is not a service");
    }

    @Test
    void followsAnAnalyticsRebuildUntilItsGenerationIsLive() {
        try (FakeService analytics = new FakeService()) {
            analytics.on("POST", "/api/v1/projections/rebuilds", FakeService.Answer.json(202,
                            "{\"generation\":7,\"kind\":\"live\",\"state\":\"building\",\"events\":0,\"progress\":0.0}"))
                    .on("GET", "/api/v1/projections/7",
                            FakeService.Answer.json(200, "{\"generation\":7,\"state\":\"building\",\"events\":500,\"progress\":0.5}"),
                            FakeService.Answer.json(200, "{\"generation\":7,\"state\":\"active\",\"events\":1000,"
                                    + "\"progress\":1.0,\"finishedAt\":\"2026-10-08T09:00:05Z\"}"));

            OpsCli.Run run = OpsCli.run("projection", "rebuild", "analytics", "--wait", "--poll-interval", "10ms",
                    "--analytics-url", analytics.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("rebuilding generation 7", "generation 7: 50%, 500 events",
                    "generation 7 is live: 1000 events folded");
        }
    }

    @Test
    void aRebuildThatFailsEndsWith1AndTheLiveGenerationIsSaidToBeUnchanged() {
        try (FakeService analytics = new FakeService()) {
            analytics.on("POST", "/api/v1/projections/rebuilds",
                            FakeService.Answer.json(202, "{\"generation\":8,\"state\":\"building\"}"))
                    .on("GET", "/api/v1/projections/8", FakeService.Answer.json(200,
                            "{\"generation\":8,\"state\":\"failed\",\"failure\":\"disk full\"}"));

            OpsCli.Run run = OpsCli.run("projection", "rebuild", "analytics", "--wait", "--poll-interval", "10ms",
                    "--analytics-url", analytics.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("generation 8 ended failed: disk full; the live generation is unchanged");
        }
    }

    @Test
    void aRebuildWhileAnotherRunsIsRefusedWithTheServicesReason() {
        try (FakeService analytics = new FakeService()) {
            analytics.on("POST", "/api/v1/projections/rebuilds", FakeService.Answer.problem(409, "A rebuild is running",
                    "generation 6 is being rebuilt already; follow its progress"));

            OpsCli.Run run = OpsCli.run("projection", "rebuild", "analytics", "--analytics-url", analytics.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("409 A rebuild is running: generation 6 is being rebuilt already");
        }
    }

    @Test
    void servicesWithoutAProjectionSaySoInsteadOfRebuilding() {
        OpsCli.Run run = OpsCli.run("projection", "rebuild", "sla-timer");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no projection to rebuild. sla-timer-service:", "would arm timers again");
    }

    @Test
    void exportsTheStreamFromIntakeAsOneEventPerLine() {
        try (FakeService intake = new FakeService()) {
            intake.on("GET", "/api/v1/complaints/C-9/events", FakeService.Answer.json(200,
                    "[{\"eventId\":\"a\",\"sequence\":0,\"type\":\"ComplaintReceived\"},"
                            + "{\"eventId\":\"b\",\"sequence\":2,\"type\":\"DepartmentAssigned\"}]"));

            OpsCli.Run run = OpsCli.run("export", "C-9", "--intake-url", intake.url());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out().lines()).containsExactly(
                    "{\"eventId\":\"a\",\"sequence\":0,\"type\":\"ComplaintReceived\"}",
                    "{\"eventId\":\"b\",\"sequence\":2,\"type\":\"DepartmentAssigned\"}");
            assertThat(run.err()).contains("warning: the exported stream is not gapless: sequence 1 missing");
        }
    }

    @Test
    void exportingAnUnknownComplaintSaysSo() {
        try (FakeService intake = new FakeService()) {
            intake.on("GET", "/api/v1/complaints/C-404/events", FakeService.Answer.problem(404, "Not found", "no complaint"));

            OpsCli.Run run = OpsCli.run("export", "C-404", "--intake-url", intake.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("intake-service has no complaint C-404");
        }
    }

    @Test
    void aServiceThatIsDownEndsWith3AndNamesTheOptionThatSetsItsUrl() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        OpsCli.Run run = OpsCli.run("projection", "status", "--analytics-url", "http://127.0.0.1:" + freePort,
                "--timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("analytics-service is not reachable at http://127.0.0.1:" + freePort,
                "--analytics-url").doesNotContain("\tat ");
    }
}
