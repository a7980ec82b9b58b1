package io.closedloop.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSuiteTest {

    @Test
    void runsEveryScenarioInOrderUnlessToldWhich() {
        assertThat(FaultSuite.scenarios(null)).containsExactly("kill", "kafka", "postgres", "disk", "mail");
        assertThat(FaultSuite.scenarios("postgres, kafka")).containsExactly("postgres", "kafka");
        assertThatThrownBy(() -> FaultSuite.scenarios("kafka,network"))
                .hasMessageContaining("unknown scenario network");
    }

    @Test
    void readsTheLaunchersStatusOfItsParts() {
        Map<String, PlatformControl.Part> parts = PlatformControl.parseStatus(List.of("part\tport\tstate",
                "kafka\t19092\tstopped", "postgres\t15432\trunning", "mail-relay\t40123\tdelay-ms=3000", ""));
        assertThat(parts).containsOnlyKeys("kafka", "postgres", "mail-relay");
        assertThat(parts.get("kafka")).isEqualTo(new PlatformControl.Part("kafka", 19092, "stopped"));
        assertThat(parts.get("mail-relay").state()).isEqualTo("delay-ms=3000");
        assertThatThrownBy(() -> PlatformControl.parseStatus(List.of("header", "kafka 9092")))
                .hasMessageContaining("not part, port and state");
    }

    @Test
    void aDeadlineRaisedOnceIsFiredOnceAndOneRaisedTwiceIsCountedAsSuch() {
        Verdict verdict = new Verdict();
        Instant now = Instant.parse("2026-11-23T21:00:00Z");
        CheckedLoad.expect(verdict, 1, now.minusSeconds(60), now, now, "warning", "c1");
        CheckedLoad.expect(verdict, 2, now.minusSeconds(60), now, now, "escalation", "c2");
        assertThat(verdict.deadlinesDue).isEqualTo(2);
        assertThat(verdict.deadlinesFiredOnce).isEqualTo(1);
        assertThat(verdict.deadlinesFiredTwice).isEqualTo(1);
        assertThat(verdict.deadlinesMissed).isZero();
    }

    @Test
    void aDeadlineNotRaisedIsPendingWithinItsGraceAndMissedAfterIt() {
        Verdict verdict = new Verdict();
        Instant now = Instant.parse("2026-11-23T21:00:00Z");
        CheckedLoad.expect(verdict, 0, now.minusSeconds(10), now, now, "warning", "young");
        assertThat(verdict.pending).isEqualTo(1);
        assertThat(verdict.deadlinesMissed).isZero();
        CheckedLoad.expect(verdict, 0, now.minusSeconds(60), now, now, "warning", "old");
        assertThat(verdict.deadlinesMissed).isEqualTo(1);
        assertThat(verdict.missedTotal()).isEqualTo(1);
        assertThat(verdict.passes(List.of())).isFalse();
    }

    @Test
    void aDeadlineMetBeforeItFellDueIsNotDue() {
        Verdict verdict = new Verdict();
        Instant now = Instant.parse("2026-11-23T21:00:00Z");
        Instant acknowledged = now.minusSeconds(100);
        CheckedLoad.expect(verdict, 0, acknowledged.plusSeconds(5), acknowledged, now, "escalation", "met");
        assertThat(verdict.deadlinesDue).isZero();
        assertThat(verdict.pending).isZero();
    }

    @Test
    void mailsAreCountedByHowManyCopiesTheServerHolds() {
        Verdict verdict = new Verdict();
        verdict.mailDelivered(1);
        verdict.mailDelivered(2);
        verdict.mailDelivered(0);
        assertThat(verdict.mailsDue).isEqualTo(3);
        assertThat(verdict.mailsSentOnce).isEqualTo(1);
        assertThat(verdict.mailsDuplicated).isEqualTo(1);
        assertThat(verdict.passes(List.of())).isFalse();
    }

    @Test
    void aProjectionMismatchIsAlsoLostOrDuplicated() {
        Verdict verdict = new Verdict();
        verdict.mismatch(verdict.duplicated, "a complaint counted twice (analytics)", "c1");
        assertThat(verdict.projectionMismatches).isEqualTo(1);
        assertThat(verdict.duplicatedTotal()).isEqualTo(1);
        assertThat(verdict.summaryLines()).anySatisfy(line -> assertThat(line).contains("projection mismatches 1"));
    }

    @Test
    void anOutageCoversWhatFellDueWhileAwayAndWithinTheGraceOfItsReturn() {
        Instant from = Instant.parse("2026-11-23T21:47:46Z");
        Fault.Outage outage = new Fault.Outage(from, from.plusSeconds(26));
        assertThat(outage.covers(from.plusSeconds(10), java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(outage.covers(from.plusSeconds(50), java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(outage.covers(from.plusSeconds(57), java.time.Duration.ofSeconds(30))).isFalse();
        assertThat(outage.covers(from.minusSeconds(1), java.time.Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void theSmallFilesystemHoldsTheTableAndRoomToGrowInWholeKibibytes() {
        long bytes = FillEventStoreDisk.filesystemBytes(1_000_001);
        assertThat(bytes % 1024).isZero();
        assertThat(bytes).isGreaterThan(1_000_001 + (100L << 20));
    }

    @Test
    void countsOnlyWhatThePostgresLogGainedSinceTheFaultBegan(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("postgres.log");
        Files.writeString(log, "ERROR: could not extend file: No space left on device\n", StandardCharsets.UTF_8);
        long before = Files.size(log);
        Files.writeString(log, "ERROR: could not extend file \"pg_tblspc/1/2\": No space left on device\nLOG: ok\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThat(FillEventStoreDisk.countInLog(log, before, "No space left on device")).isEqualTo(1);
        assertThat(FillEventStoreDisk.countInLog(dir.resolve("none.log"), 0, "x")).isZero();
    }

    @Test
    void describesEachFaultWithItsOptions() {
        Fault fault = FaultSuite.fault("disk", Options.parse(new String[] {"--outage", "7"}));
        assertThat(fault.name()).isEqualTo("disk");
        assertThat(fault.description()).contains("7 s");
        assertThat(FaultSuite.fault("mail", Options.parse(new String[0])).description()).contains("3000 ms");
    }
}
