package io.closedloop.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU time and memory of one process from Linux's {@code /proc}: {@code /proc/<pid>/stat} for CPU time (user and
 * system, plus that of its children that have exited and been waited for - PostgreSQL's finished backends) and
 * {@code /proc/<pid>/status} for the resident set and its peak ({@code VmHWM}).
 */
public record ProcessResources(long pid, long cpuTicks, long childCpuTicks, long rssKb, long peakRssKb) {

    /** USER_HZ: 100 on every Linux kernel the JVM runs on (sysconf(_SC_CLK_TCK)). */
    static final long TICKS_PER_SECOND = 100;

    public static Optional<ProcessResources> read(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
            List<String> status = Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8);
            long[] cpu = cpuTicks(stat);
            return Optional.of(new ProcessResources(pid, cpu[0], cpu[1], statusKb(status, "VmRSS"), statusKb(status, "VmHWM")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    /**
     * {utime + stime, cutime + cstime} from a {@code /proc/<pid>/stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses itself, so the fields are counted from the last ')'.
     */
    static long[] cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17
        return new long[]{Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /** A "Name:   1234 kB" line of {@code /proc/<pid>/status}, in kB; 0 if absent (e.g. a zombie). */
    static long statusKb(List<String> status, String name) {
        for (String line : status) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).replace("kB", "").trim());
            }
        }
        return 0;
    }

    public double cpuSeconds() {
        return (cpuTicks + childCpuTicks) / (double) TICKS_PER_SECOND;
    }
}
