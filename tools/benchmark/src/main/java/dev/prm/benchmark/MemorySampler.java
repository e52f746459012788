package dev.prm.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peak heap and peak RSS of every service during the run: once a second, {@code jvm_memory_used_bytes{area="heap"}}
 * summed over the pools from {@code /actuator/prometheus}, and {@code VmRSS} from {@code /proc/<pid>/status}; at the
 * end also {@code VmHWM} (the kernel's peak since the process started). The pid is found by the jar's name and the
 * {@code --server.port} in {@code /proc/<pid>/cmdline}, so other stacks on the machine are not confused with this one.
 */
final class MemorySampler implements AutoCloseable {

    /** Peaks of one process; -1 where unknown. */
    record Peak(String name, long heapBytes, long rssBytes, long hwmBytes, long pid, int samples, int failures) {
    }

    private final StackClient stack;
    private final Map<String, URI> targets;
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> heap = new ConcurrentHashMap<>();
    private final Map<String, Long> rss = new ConcurrentHashMap<>();
    private final Map<String, Integer> samples = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("memory-sampler").factory());

    /** @param targets name ({@code <name>.jar}) to base URL */
    MemorySampler(StackClient stack, Map<String, URI> targets) {
        this.stack = stack;
        this.targets = targets;
        targets.forEach((name, uri) -> pids.put(name, findPid(Path.of("/proc"), name + ".jar", uri.getPort()).orElse(-1)));
    }

    void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        targets.forEach((name, uri) -> {
            try {
                OptionalLong used = heapUsed(stack.prometheus(uri));
                if (used.isPresent()) {
                    heap.merge(name, used.getAsLong(), Math::max);
                    samples.merge(name, 1, Integer::sum);
                }
            } catch (RuntimeException e) {
                failures.merge(name, 1, Integer::sum);
            }
            long pid = pids.get(name);
            if (pid > 0) {
                statusKb(pid, "VmRSS").ifPresent(kb -> rss.merge(name, kb * 1024, Math::max));
            }
        });
    }

    Map<String, Peak> peaks() {
        Map<String, Peak> peaks = new LinkedHashMap<>();
        targets.keySet().forEach(name -> {
            long pid = pids.get(name);
            long hwm = pid > 0 ? statusKb(pid, "VmHWM").orElse(-1) : -1;
            peaks.put(name, new Peak(name, heap.getOrDefault(name, -1L), rss.getOrDefault(name, -1L), hwm < 0 ? -1 : hwm * 1024,
                    pid, samples.getOrDefault(name, 0), failures.getOrDefault(name, 0)));
        });
        return peaks;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Sum of {@code jvm_memory_used_bytes} over the series with {@code area="heap"}; empty when there is none. */
    static OptionalLong heapUsed(String prometheusText) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String value = line.substring(line.lastIndexOf('}') + 1).strip().split("\\s+")[0];
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
    }

    /** A {@code /proc/<pid>/status} field in kB ({@code VmHWM:   123456 kB}). */
    static OptionalLong statusField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).strip().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]));
            }
        }
        return OptionalLong.empty();
    }

    /** Whether a command line (NUL-separated, as in {@code /proc/<pid>/cmdline}) runs that jar on that port. */
    static boolean runs(String cmdline, String jarName, int port) {
        boolean jar = false;
        boolean onPort = port < 0;
        for (String argument : cmdline.split("\0")) {
            if (argument.equals(jarName) || argument.endsWith("/" + jarName)) {
                jar = true;
            }
            if (argument.equals("--server.port=" + port)) {
                onPort = true;
            }
        }
        return jar && onPort;
    }

    static OptionalLong findPid(Path proc, String jarName, int port) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (runs(cmdline, jarName, port)) {
                        return OptionalLong.of(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong statusKb(long pid, String field) {
        try {
            return statusField(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
