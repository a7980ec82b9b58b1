package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessResourcesTest {

    @Test
    void readsUserSystemAndChildrenCpuTicksEvenWithParenthesesInTheName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 40 2 20 0 30 0 123 456 789";
        assertThat(ProcessResources.cpuTicks(stat)).containsExactly(1750L, 42L);
    }

    @Test
    void readsMemoryLinesInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  512000 kB", "VmRSS:\t  256000 kB");
        assertThat(ProcessResources.statusKb(status, "VmHWM")).isEqualTo(512_000);
        assertThat(ProcessResources.statusKb(status, "VmRSS")).isEqualTo(256_000);
        assertThat(ProcessResources.statusKb(status, "VmSwap")).isZero();
    }

    @Test
    void cpuSecondsCountTheChildrenToo() {
        assertThat(new ProcessResources(1, 150, 50, 0, 0).cpuSeconds()).isEqualTo(2.0);
    }

    @Test
    void thisProcessCanBeRead() {
        assertThat(ProcessResources.read(ProcessHandle.current().pid())).hasValueSatisfying(r -> {
            assertThat(r.peakRssKb()).isPositive();
            assertThat(r.peakRssKb()).isGreaterThanOrEqualTo(r.rssKb());
        });
        assertThat(ProcessResources.read(-5)).isEmpty();
    }
}
