package dev.prm.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

import dev.prm.benchmark.BenchOptions.Phase;

/**
 * The whole-system benchmark ({@code bin/benchmark}, issue 7), against a running stack; it starts nothing and
 * owns only its ceiling topic and table (deleted after). Phases, each skippable:
 * <ol>
 *   <li>machine ceilings: raw Kafka produce and consume, raw PostgreSQL batch inserts;</li>
 *   <li>ingest: a backlog of simulator events published as fast as possible, the time until each service's consumer
 *       group has no lag and all its tracking processors are caught up;</li>
 *   <li>rebuild: each service's projections reset and replayed from its event store;</li>
 *   <li>publish-to-visible latency at a fixed event rate, with probes polled over REST;</li>
 *   <li>REST latency through the gateway at a fixed request rate while ingest runs at half its maximum;</li>
 *   <li>peak heap and RSS of every service over the whole run.</li>
 * </ol>
 * Prints one table at the end and writes it to {@code <out>/benchmark-<timestamp>.md}.
 */
public final class SystemBenchmark {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private final BenchOptions options;
    private final String run;
    private final StackClient stack;
    private final List<String> failures = new ArrayList<>();
    private final SimulatorSource source;
    /** Set once Kafka answers, with the phases that share it. */
    private volatile Bench bench;
    private volatile IngestPhase ingest;
    private volatile MemorySampler sampler;
    private volatile boolean reported;
    /** Set when a phase that changes the system's state failed: the ones after it would measure a system in disorder. */
    private String abandoned;
    /** What the benchmark measured on: PostgreSQL's fsync and synchronous_commit, read from the server. */
    private String database = "PostgreSQL durability not read";

    private SystemBenchmark(BenchOptions options) {
        this.options = options;
        this.run = "b" + Long.toString(System.currentTimeMillis() / 1000, 36);
        this.stack = new StackClient(options.gateway());
        this.source = new SimulatorSource(options.seed(), options.partners(), (long) options.events() + options.warmupEvents());
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // an unreachable broker is reported once, below, not every second by the client
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new SystemBenchmark(options).run();
        } catch (Exception e) {
            System.err.println("\nThe benchmark could not run: " + message(e));
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        long startNanos = System.nanoTime();
        String loadAtStart = loadAverage();
        System.out.printf("PRM whole-system benchmark, run %s: %s events, %s partners, seed %d; event source: %s%n", run,
                ResultTable.count(options.events()), ResultTable.count(options.partners()), options.seed(), source.describe());
        Thread interrupted = new Thread(() -> {
            Bench measured = bench;
            if (reported || measured == null) {
                return;
            }
            IngestPhase ingestPhase = ingest;
            if (ingestPhase != null) {
                ingestPhase.reportSoFar();
            }
            MemorySampler memory = sampler;
            if (memory != null) {
                memory.close();
                memoryRows(memory.peaks());
            }
            if (!measured.table().isEmpty()) {
                System.out.println("\nInterrupted; what was measured so far:\n");
                System.out.println(preamble(started, Duration.ofNanos(System.nanoTime() - startNanos), loadAtStart) + "\n"
                        + measured.table().markdown());
            }
        }, "benchmark-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (Admin admin = Admin.create(adminConfig())) {
            preflight(admin);
            bench = new Bench(options, run, stack, source, admin);
            ingest = new IngestPhase(bench);
            if (options.runs(Phase.MEMORY)) {
                Map<String, URI> targets = new LinkedHashMap<>();
                options.services().forEach((service, uri) -> targets.put(service.id(), uri));
                targets.put("api-gateway", options.gateway());
                sampler = new MemorySampler(stack, targets);
                sampler.start();
            }
            try {
                phase(Phase.CEILINGS, "1 ceilings", "machine ceilings", this::ceilings);
                phase(Phase.INGEST, "2 ingest", "ingest of a " + ResultTable.count(options.events()) + "-event backlog", ingest::run);
                phase(Phase.REBUILD, "3 rebuild", "projection rebuild from the event stores", new RebuildPhase(bench)::run);
                phase(Phase.LATENCY, "4 latency", "publish-to-visible latency at " + options.latencyRate() + " events/s", this::latency);
                phase(Phase.REST, "5 REST", "REST through the gateway at " + options.restRate() + " requests/s",
                        () -> new RestPhase(bench).run(ingest.systemIngestRate()));
            } finally {
                MemorySampler memory = sampler;
                if (memory != null) {
                    sampler = null;
                    memory.close();
                    memoryRows(memory.peaks());
                }
            }
        }
        reported = true;
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        String report = preamble(started, wall, loadAtStart) + "\n" + bench.table().markdown();
        ResultTable cpuStages = ingest.cpuStages();
        if (!cpuStages.isEmpty()) {
            report += "\nCPU per inbound event of the ingest phase by stage, µs (issue 15; from each service's prm_ingest_cpu and"
                    + " prm_cpu counters, until every processor had caught up):\n\n" + cpuStages.markdown();
        }
        System.out.println();
        System.out.println(report);
        Path file = options.out().resolve("benchmark-" + FILE_STAMP.format(started) + ".md");
        try {
            Files.createDirectories(options.out());
            Files.writeString(file, report);
            System.out.println("Written to " + file.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("Could not write " + file + ": " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            System.err.println("Failed phases: " + String.join("; ", failures));
            return 1;
        }
        return 0;
    }

    // ---- preflight ------------------------------------------------------------------------------------------------

    private Properties adminConfig() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return config;
    }

    /** Everything the phases to run need must answer now; otherwise say what is missing and stop. */
    private void preflight(Admin admin) {
        try {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka does not answer at " + options.bootstrap()
                    + ". Is the stack up? Start it with ./run-local.sh and give its --bootstrap.", e);
        }
        stack.requireReady("api-gateway", options.gateway());
        options.services().forEach((service, uri) -> stack.requireReady(service.id(), uri));
        stack.adminToken();
        if (options.runs(Phase.INGEST) || options.runs(Phase.REBUILD) || options.runs(Phase.LATENCY)) {
            options.services().forEach((service, uri) -> {
                try {
                    stack.projections(uri);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(service.id() + ": " + e.getMessage()
                            + " — the ingest, rebuild and latency phases need GET /actuator/projections", e);
                }
            });
        }
        if (options.services().containsKey(Service.TIER)
                && (options.runs(Phase.INGEST) || options.runs(Phase.LATENCY) || options.runs(Phase.REST))) {
            String first = source.firstPartner();
            HttpResponse<String> known = stack.get(options.service(Service.TIER).resolve("/api/partners/" + first + "/tier"),
                    stack.adminToken());
            if (known.statusCode() == 200) {
                throw new IllegalStateException("this stack has already taken in the simulated history of seed " + options.seed()
                        + " (tier-service knows its partner " + first + "), so its events would all be duplicates:"
                        + " give another --seed or restart the stack with --fresh");
            }
        }
        if (options.runs(Phase.CEILINGS)) {
            DriverManager.setLoginTimeout(5);
            try (var connection = DriverManager.getConnection(options.jdbcUrl(), options.dbUser(), options.dbPassword())) {
                connection.isValid(5);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL does not answer at " + options.jdbcUrl() + " as " + options.dbUser()
                        + " (" + e.getMessage() + "); give --jdbc-url, --db-user and --db-password", e);
            }
        }
        database = Database.durability(options.jdbcUrl(), options.dbUser(), options.dbPassword());
        System.out.println("Database: " + database);
        System.out.println("Stack is up: Kafka " + options.bootstrap() + ", gateway " + options.gateway() + ", "
                + options.services().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    private void phase(Phase phase, String label, String title, Body body) {
        if (!options.runs(phase)) {
            System.out.println("\n== " + label + ": skipped");
            return;
        }
        if (abandoned != null) {
            System.out.println("\n== " + label + ": not run, " + abandoned + " failed");
            bench.table().add(label, "not run", "", "", abandoned + " failed");
            return;
        }
        System.out.println("\n== " + label + ": " + title);
        long start = System.nanoTime();
        try {
            body.run();
        } catch (Exception e) {
            String message = message(e);
            failures.add(label + ": " + message);
            bench.table().add(label, "FAILED", "", "", message);
            System.err.println("   " + label + " failed: " + message);
            if (phase == Phase.INGEST || phase == Phase.REBUILD || phase == Phase.LATENCY) {
                abandoned = label;
            }
        }
        System.out.printf("   (%s)%n", ResultTable.seconds((System.nanoTime() - start) / 1e9));
    }

    // ---- 1: ceilings ----------------------------------------------------------------------------------------------

    private void ceilings() throws Exception {
        System.out.printf("   Kafka: producing %s records of %d B to a benchmark topic, then consuming them%n",
                ResultTable.count(options.ceilingRecords()), options.ceilingRecordBytes());
        Ceilings.Kafka kafkaCeiling = Ceilings.kafka(bench.admin(), options.bootstrap(), run, options.ceilingRecords(), options.ceilingRecordBytes());
        bench.table().add("1 ceilings", "Kafka produce: " + ResultTable.count(kafkaCeiling.records()) + " × " + kafkaCeiling.recordBytes()
                        + " B, idempotent, acks=all, 4 partitions", ResultTable.rate(kafkaCeiling.produceRate(), "records"), "",
                ResultTable.seconds(kafkaCeiling.produceSeconds()));
        bench.table().add("1 ceilings", "Kafka consume: plain KafkaConsumer, every partition from the start",
                ResultTable.rate(kafkaCeiling.consumeRate(), "records"), "", ResultTable.seconds(kafkaCeiling.consumeSeconds()));
        System.out.printf("   PostgreSQL: inserting %s rows of id + %d B in batches of 500%n", ResultTable.count(options.ceilingRows()),
                options.ceilingRecordBytes());
        Ceilings.Postgres postgresCeiling = Ceilings.postgres(options.jdbcUrl(), options.dbUser(), options.dbPassword(), run, options.ceilingRows(),
                options.ceilingRecordBytes());
        bench.table().add("1 ceilings", "PostgreSQL insert: " + ResultTable.count(postgresCeiling.rows()) + " rows of id + "
                        + postgresCeiling.rowBytes() + " B, JDBC batches of 500 (reWriteBatchedInserts), commit per batch",
                ResultTable.rate(postgresCeiling.rate(), "rows"), "", ResultTable.seconds(postgresCeiling.seconds()));
        bench.ceilings(kafkaCeiling, postgresCeiling);
    }

    // ---- 2: ingest (IngestPhase), 3: rebuild (RebuildPhase) -------------------------------------------------------

    // ---- 4: latency -----------------------------------------------------------------------------------------------

    private void latency() throws Exception {
        Map<Service, LatencyProbes.Outcome> outcomes;
        PacedPublisher background;
        try (KafkaProducer<String, byte[]> producer = Producers.paced(options.bootstrap())) {
            LatencyProbes probes = new LatencyProbes(options.services(), stack.adminToken(), producer, run, source::now);
            System.out.printf("   %d events/s from the simulator and %d probes/s for %s%n", options.latencyRate(), options.probeRate(),
                    ResultTable.seconds(options.duration().toMillis() / 1000.0));
            background = new PacedPublisher(producer, source, options.latencyRate(), "latency-background").start();
            try {
                probes.send(options.probeRate(), options.duration());
            } finally {
                background.close();
            }
            System.out.printf("   background achieved %s; waiting for the last probes to show%n",
                    ResultTable.rate(background.achievedRate(), "events"));
            outcomes = probes.await(options.probeTimeout());
        }
        Map<Service, String> shows = new EnumMap<>(Service.class);
        shows.put(Service.TIER, "DealClosed → the deal in GET /points");
        shows.put(Service.REGISTRATION, "DomainRegistrationRequested → the domain in GET /registrations");
        shows.put(Service.COMMISSION, "DealClosed of a new partner → GET /commission-hold 200");
        for (LatencyProbes.Outcome outcome : outcomes.values()) {
            bench.table().add("4 latency", "publish→visible at " + ResultTable.count(options.latencyRate()) + " events/s: "
                            + outcome.service().id() + " (" + shows.get(outcome.service()) + ")", outcome.latency().text(), "",
                    ResultTable.count(outcome.probes()) + " probes, " + ResultTable.count(outcome.invisible()) + " not visible within "
                            + options.probeTimeout().toSeconds() + " s; background achieved "
                            + ResultTable.rate(background.achievedRate(), "events") + "; "
                            + (Double.isNaN(outcome.meanResolutionMillis()) ? ""
                            : String.format(Locale.US, "mean uncertainty of the visible instant %.1f ms over ", outcome.meanResolutionMillis()))
                            + ResultTable.count(outcome.polls()) + " polls" + (outcome.pollErrors() > 0
                            ? ", " + ResultTable.count(outcome.pollErrors()) + " failed" : ""));
        }
        bench.awaitQuiet("4 latency", "after latency");
    }

    // ---- 5: REST (RestPhase), 6: memory ------------------------------------------------------------------------------------------------

    private void memoryRows(Map<String, MemorySampler.Peak> peaks) {
        for (MemorySampler.Peak peak : peaks.values()) {
            String heap = peak.heapBytes() < 0 ? "heap n/a" : "heap " + ResultTable.megabytes(peak.heapBytes());
            String rss = peak.rssBytes() < 0 ? "RSS n/a" : "RSS " + ResultTable.megabytes(peak.rssBytes());
            bench.table().add("6 memory", "peak heap · peak RSS during the run: " + peak.name(), heap + " · " + rss, "",
                    (peak.pid() < 0 ? "process not found in /proc (not local?)"
                            : "pid " + peak.pid() + ", VmHWM since its start " + ResultTable.megabytes(peak.hwmBytes()))
                            + "; " + peak.samples() + " heap samples (1/s)" + (peak.failures() > 0 ? ", " + peak.failures() + " failed" : ""));
        }
    }

    // ---- report ---------------------------------------------------------------------------------------------------

    private String preamble(ZonedDateTime started, Duration wall, String loadAtStart) {
        return "# PRM whole-system benchmark, " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " UTC\n\n"
                + "- run `" + run + "`: " + (options.runs(Phase.INGEST) ? "a backlog of " + ResultTable.count(options.events()) + " events"
                + (options.warmupEvents() > 0 ? " after a warm-up of the history's first " + ResultTable.count(options.warmupEvents()) : "")
                + ", " : "")
                + "events from " + source.describe() + "; fixed-rate phases "
                + ResultTable.seconds(options.duration().toMillis() / 1000.0) + "\n"
                + "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryTotal() + "; load average "
                + loadAtStart + " at the start, " + loadAverage() + " at the end. Kafka, PostgreSQL, the services and this load share"
                + " the box (and with anything else running on it): figures are rough\n"
                + "- stack: Kafka " + options.bootstrap() + ", gateway " + options.gateway() + ", "
                + options.services().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).collect(Collectors.joining(", "))
                + "\n- database: " + database
                + "\n- wall time " + ResultTable.seconds(wall.toMillis() / 1000.0) + (failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures))
                + "\n";
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String memoryTotal() {
        try {
            return MemorySampler.statusField(Files.readString(Path.of("/proc/meminfo")), "MemTotal")
                    .stream().mapToObj(kb -> String.format(Locale.US, "%.0f GiB", kb / 1024.0 / 1024.0)).findFirst().orElse("memory n/a");
        } catch (IOException | RuntimeException e) {
            return "memory n/a";
        }
    }

    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        return text.replace('\n', ' ');
    }
}
