package dev.prm.platform.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * CPU time of this service by what its threads do ({@code prm_cpu_seconds_total{role}}): taking events in, month-end
 * steps, projections, publishing, Axon's processor coordination and event-store reads, REST, and the rest of the JVM
 * (GC, JIT) as the process total minus its Java threads. Read per scrape; a thread that ended keeps the CPU it had
 * at the last read.
 */
public final class ThreadCpu implements MeterBinder {

    public static final List<String> ROLES = List.of("ingest", "steps", "project", "publish", "coordinate", "event-store",
            "rest", "kafka-client", "other-threads", "jvm");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Seen> seen = new HashMap<>();
    private final Map<String, Long> retired = new HashMap<>();
    private Map<String, Double> last = Map.of();
    private long lastRead;

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return;
        }
        for (String role : ROLES) {
            FunctionCounter.builder("prm.cpu", this, cpu -> cpu.seconds(role))
                    .description("CPU time of this service by the role of its threads (jvm: GC, JIT and VM threads)")
                    .baseUnit("seconds")
                    .tag("role", role)
                    .register(registry);
        }
    }

    /** The role of a thread, by the names the platform, Axon, Tomcat and Kafka give them. */
    static String role(String thread) {
        if (thread.contains("-inbound-")) {
            return "ingest"; // the @KafkaListener containers, <service>-inbound-N-C-N
        }
        if (thread.equals("tick-releaser")) {
            return "steps";
        }
        if (thread.startsWith("WorkPackage[")) {
            return thread.contains("-publisher]") ? "publish" : "project";
        }
        if (thread.startsWith("Coordinator[")) {
            return "coordinate";
        }
        if (thread.startsWith("EmbeddedEventStore")) {
            return "event-store";
        }
        if (thread.startsWith("http-nio-")) {
            return "rest";
        }
        if (thread.startsWith("kafka-")) {
            return "kafka-client";
        }
        return "other-threads";
    }

    private synchronized double seconds(String role) {
        long now = System.nanoTime();
        if (now - lastRead > 1_000_000_000L || last.isEmpty()) { // one scan serves every role of a scrape
            last = read();
            lastRead = now;
        }
        return last.getOrDefault(role, 0.0);
    }

    private Map<String, Double> read() {
        Map<String, Long> nanos = new LinkedHashMap<>(retired);
        Map<Long, Seen> alive = new HashMap<>();
        long threadsTotal = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            String role = role(info.getThreadName());
            alive.put(info.getThreadId(), new Seen(role, cpu));
            nanos.merge(role, cpu, Long::sum);
        }
        seen.forEach((id, thread) -> {
            if (!alive.containsKey(id)) {
                retired.merge(thread.role(), thread.nanos(), Long::sum);
                nanos.merge(thread.role(), thread.nanos(), Long::sum);
            }
        });
        seen.clear();
        seen.putAll(alive);
        for (long value : nanos.values()) {
            threadsTotal += value;
        }
        long process = processCpuNanos();
        Map<String, Double> seconds = new HashMap<>();
        nanos.forEach((role, value) -> seconds.put(role, value / 1e9));
        if (process > 0) {
            seconds.put("jvm", Math.max(0, process - threadsTotal) / 1e9);
        }
        return seconds;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private record Seen(String role, long nanos) {
    }
}
