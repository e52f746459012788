package dev.prm.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 15: a service's CPU per inbound event by stage, from its {@code prm_ingest_cpu_seconds_total{stage}} (the
 * consumer thread's work, stage by stage) and {@code prm_cpu_seconds_total{role}} (every thread by what it does).
 * "poll and other" is what the consumer thread spent outside the stages: Kafka's poll, the listener, metrics.
 */
final class CpuStages {

    static final List<String> STAGES = List.of("parse", "deduplicate", "decide", "append", "commit", "dead-letter");
    static final List<String> ROLES = List.of("steps", "project", "publish", "coordinate", "event-store", "rest",
            "kafka-client", "other-threads", "jvm");
    private static final Pattern LINE = Pattern.compile(
            "^prm_(ingest_cpu|cpu)_seconds_total\\{[^}]*\\b(stage|role)=\"([^\"]+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private CpuStages() {
    }

    /** Seconds by {@code stage:<name>} and {@code role:<name>} in one scrape of a service. */
    static Map<String, Double> read(String prometheus) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Matcher line = LINE.matcher(prometheus);
        while (line.find()) {
            seconds.merge(line.group(2) + ":" + line.group(3), Double.parseDouble(line.group(4)), Double::sum);
        }
        return seconds;
    }

    static List<String> header() {
        List<String> header = new ArrayList<>(List.of("service", "inbound events", "ingest: parse", "de-duplicate", "decide",
                "append", "record + commit", "dead-letter", "poll and other", "month-end steps", "project", "publish",
                "Axon coordinators", "event-store reads", "REST", "Kafka clients", "other threads", "JVM (GC, JIT)", "total"));
        return header;
    }

    /** µs per inbound event in each column of {@link #header()}; empty when the service exposes no stage meters. */
    static List<String> row(String service, long events, Map<String, Double> before, Map<String, Double> after) {
        if (events <= 0 || !after.containsKey("role:ingest")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>(List.of(service, ResultTable.count(events)));
        double stages = 0;
        for (String stage : STAGES) {
            double spent = spent(before, after, "stage:" + stage);
            stages += spent;
            cells.add(micros(spent, events));
        }
        double ingest = spent(before, after, "role:ingest");
        cells.add(micros(Math.max(0, ingest - stages), events));
        double total = ingest;
        for (String role : ROLES) {
            double spent = spent(before, after, "role:" + role);
            total += spent;
            cells.add(micros(spent, events));
        }
        cells.add(micros(total, events));
        return cells;
    }

    private static double spent(Map<String, Double> before, Map<String, Double> after, String key) {
        return Math.max(0, after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0));
    }

    private static String micros(double seconds, long events) {
        return String.format(Locale.ROOT, "%.0f", seconds * 1e6 / events);
    }
}
