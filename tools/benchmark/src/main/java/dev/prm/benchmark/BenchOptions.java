package dev.prm.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code bin/benchmark}: every address of the running stack, the load, and which phases to skip.
 * Every option is {@code --name=value}; durations are {@code 500ms}, {@code 60s}, {@code 5m}, {@code 2h} or seconds.
 */
record BenchOptions(String bootstrap, String jdbcUrl, String dbUser, String dbPassword, URI gateway,
                    Map<Service, URI> services, int events, int warmupEvents, int partners, long seed, Duration duration,
                    Set<Phase> skip, int latencyRate, int probeRate, int restRate, int restPartners, int restPrime,
                    Double backgroundRate, int backgroundBacklog, int ceilingRecords, int ceilingRecordBytes, int ceilingRows,
                    Duration catchUpTimeout, Duration stallTimeout, Duration settleTimeout, Duration probeTimeout, Duration warmup,
                    Path out, boolean allowRemote) {

    /** The phases, in the order they run; each can be skipped with {@code --skip=a,b}. */
    enum Phase {
        CEILINGS, INGEST, REBUILD, LATENCY, REST, MEMORY;

        String flag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = """
            Usage: bin/benchmark [options]   (against a running stack: ./run-local.sh --fresh; loopback only)
              --bootstrap=localhost:9092                     Kafka
              --jdbc-url=jdbc:postgresql://localhost:15432/postgres --db-user=postgres --db-password=postgres
                                                             database for the PostgreSQL ceiling (a table in schema prm_benchmark, dropped after)
              --gateway=http://localhost:8080                API gateway (dev token issuer, REST phase)
              --tier=http://localhost:8081 --registration=http://localhost:8082 --commission=http://localhost:8083
                                                             (their actuator is read on each port + 100, as ./run-local.sh runs it)
              --services=tier-service,registration-service,commission-service
                                                             measure only these (a stack started with ./run-local.sh --services=...)
              --events=1000000 --partners=5000 --seed=42     backlog for the ingest phase (simulator events)
              --warmup-events=10000                          the history's first events, taken in before the measured backlog (0: none)
              --duration=60s                                 length of the fixed-rate phases (latency, rest)
              --latency-rate=1000 --probe-rate=2             background events/s and probes/s of the latency phase (each probe polls REST until it sees its event)
              --rest-rate=1000 --rest-partners=200           requests/s through the gateway, partners (one token each)
              --rest-prime=20000                             requests sent as fast as the stack answers (8 at a time) before the
                                                             paced warm-up, unrecorded, so the JIT has compiled the read path (0: none)
              --background-rate=<events/s>                   ingest beside the REST phase (default: half the measured ingest rate)
              --background-backlog=<events>                  instead: a backlog published at once before the warm-up, which the
                                                             services take in at full speed during the window (the CRM's month-end
                                                             import; nothing of this benchmark publishes beside the requests)
              --ceiling-records=300000 --ceiling-record-bytes=300 --ceiling-rows=200000
              --catch-up-timeout=2h --stall-timeout=10m     limits of the ingest and rebuild waits
              --settle-timeout=15m                           how long the backlog the latency phase leaves may drain before REST
              --probe-timeout=120s --warmup=5s
              --out=target                                   where benchmark-<timestamp>.md is written
              --skip=ceilings,ingest,rebuild,latency,rest,memory
              --allow-remote=true                            allow addresses other than loopback""";

    static BenchOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got '" + arg + "'\n" + USAGE);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        for (String name : given.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        Set<Phase> skip = EnumSet.noneOf(Phase.class);
        for (String name : given.getOrDefault("skip", "").split(",")) {
            if (!name.isBlank()) {
                try {
                    skip.add(Phase.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--skip takes ceilings, ingest, rebuild, latency, rest, memory; got '" + name + "'");
                }
            }
        }
        Map<Service, URI> services = new LinkedHashMap<>();
        services.put(Service.TIER, uri(given.getOrDefault("tier", "http://localhost:8081")));
        services.put(Service.REGISTRATION, uri(given.getOrDefault("registration", "http://localhost:8082")));
        services.put(Service.COMMISSION, uri(given.getOrDefault("commission", "http://localhost:8083")));
        services.keySet().retainAll(measured(given.getOrDefault("services", "")));
        BenchOptions options = new BenchOptions(
                given.getOrDefault("bootstrap", "localhost:9092"),
                given.getOrDefault("jdbc-url", "jdbc:postgresql://localhost:15432/postgres"),
                given.getOrDefault("db-user", "postgres"),
                given.getOrDefault("db-password", "postgres"),
                uri(given.getOrDefault("gateway", "http://localhost:8080")),
                services,
                positive(given, "events", 1_000_000),
                nonNegative(given, "warmup-events", 10_000),
                positive(given, "partners", 5_000),
                Long.parseLong(given.getOrDefault("seed", "42")),
                duration(given.getOrDefault("duration", "60s")),
                skip,
                positive(given, "latency-rate", 1_000),
                positive(given, "probe-rate", 2), // 20 probes/s polled ~200 requests/s here, past REST's saturation
                positive(given, "rest-rate", 1_000),
                positive(given, "rest-partners", 200),
                nonNegative(given, "rest-prime", 20_000),
                given.containsKey("background-rate") ? Double.valueOf(given.get("background-rate")) : null,
                nonNegative(given, "background-backlog", 0),
                positive(given, "ceiling-records", 300_000),
                positive(given, "ceiling-record-bytes", 300),
                positive(given, "ceiling-rows", 200_000),
                duration(given.getOrDefault("catch-up-timeout", "2h")),
                duration(given.getOrDefault("stall-timeout", "10m")),
                duration(given.getOrDefault("settle-timeout", "15m")),
                duration(given.getOrDefault("probe-timeout", "120s")),
                duration(given.getOrDefault("warmup", "5s")),
                Path.of(given.getOrDefault("out", "target")),
                Boolean.parseBoolean(given.getOrDefault("allow-remote", "false")));
        if (options.backgroundRate() != null && options.backgroundBacklog() > 0) {
            throw new IllegalArgumentException("--background-rate publishes beside the requests, --background-backlog before them: give one");
        }
        if (!options.allowRemote) {
            requireLoopback(options);
        }
        return options;
    }

    /** {@code --services=tier-service,commission-service}: only these are measured (a stack started with the same option). */
    static Set<Service> measured(String list) {
        Set<Service> measured = EnumSet.noneOf(Service.class);
        for (String id : list.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            measured.add(Arrays.stream(Service.values()).filter(service -> service.id().equals(id.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--services takes tier-service, registration-service, "
                            + "commission-service; got '" + id + "'")));
        }
        return measured.isEmpty() ? EnumSet.allOf(Service.class) : measured;
    }

    boolean runs(Phase phase) {
        return !skip.contains(phase);
    }

    URI service(Service service) {
        return services.get(service);
    }

    private static final Set<String> KNOWN = Set.of("bootstrap", "jdbc-url", "db-user", "db-password", "gateway", "tier",
            "registration", "services", "commission", "events", "warmup-events", "partners", "seed", "duration", "skip", "latency-rate", "probe-rate",
            "rest-rate", "rest-partners", "rest-prime", "background-rate", "background-backlog", "ceiling-records", "ceiling-record-bytes", "ceiling-rows",
            "catch-up-timeout", "stall-timeout", "settle-timeout", "probe-timeout", "warmup", "out", "allow-remote");

    /** {@code 250ms}, {@code 60s}, {@code 5m}, {@code 2h}; a bare number is seconds. */
    static Duration duration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000));
            }
            if (value.endsWith("h")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 3_600_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use 500ms, 60s, 5m, 2h)");
        }
    }

    private static int positive(Map<String, String> given, String name, int fallback) {
        int value = Integer.parseInt(given.getOrDefault(name, Integer.toString(fallback)).replace("_", ""));
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive, got " + value);
        }
        return value;
    }

    private static int nonNegative(Map<String, String> given, String name, int fallback) {
        int value = Integer.parseInt(given.getOrDefault(name, Integer.toString(fallback)).replace("_", ""));
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, got " + value);
        }
        return value;
    }

    private static URI uri(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return URI.create(trimmed);
    }

    /** Load is only ever pointed at this machine unless --allow-remote=true says otherwise. */
    private static void requireLoopback(BenchOptions options) {
        TierIngestBenchmark.requireLoopback(options.bootstrap, options.jdbcUrl, options.gateway.toString());
        for (URI service : options.services.values()) {
            TierIngestBenchmark.requireLoopback(service.toString());
        }
    }
}
