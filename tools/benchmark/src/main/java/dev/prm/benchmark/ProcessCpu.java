package dev.prm.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the stack's processes from {@code /proc/<pid>/stat} (user + system), to divide by the work done in a
 * phase: the gateway and each service by their jar and port (as {@link MemorySampler} finds them), PostgreSQL as every
 * process named {@code postgres} (its backends serve every service; another server on the machine would count too).
 */
final class ProcessCpu {

    /** The kernel's clock ticks per second for these counters (USER_HZ: 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;
    static final String POSTGRES = "postgresql";

    private final Map<String, Long> pids = new LinkedHashMap<>();

    /** @param targets name ({@code <name>.jar}) to base URL */
    ProcessCpu(Map<String, URI> targets) {
        targets.forEach((name, uri) -> pids.put(name, MemorySampler.findPid(Path.of("/proc"), name + ".jar", uri.getPort()).orElse(-1)));
    }

    /** Seconds of CPU used so far by each target and by PostgreSQL; -1 for a process not found. */
    Map<String, Double> seconds() {
        Map<String, Double> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, pid > 0 ? ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND : -1));
        long postgres = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                if (isPostgres(entry)) {
                    postgres += Math.max(0, ticks(entry.resolve("stat")));
                }
            }
        } catch (IOException e) {
            postgres = -100;
        }
        used.put(POSTGRES, postgres / TICKS_PER_SECOND);
        return used;
    }

    /** Per target, the CPU seconds used between two readings of {@link #seconds()}. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        before.forEach((name, start) -> {
            Double end = after.get(name);
            spent.put(name, start < 0 || end == null || end < 0 ? -1 : end - start);
        });
        return spent;
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip().equals("postgres");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** utime + stime (fields 14 and 15; the command name in field 2 may hold spaces, so count after its ')'). */
    static long ticks(Path stat) {
        try {
            String line = Files.readString(stat, StandardCharsets.UTF_8);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
