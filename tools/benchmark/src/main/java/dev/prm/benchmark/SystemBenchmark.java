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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
    private final ResultTable table = new ResultTable();
    private final ResultTable cpuStages = new ResultTable(CpuStages.header());
    private final List<String> failures = new ArrayList<>();
    private final SimulatorSource source;
    private Admin admin;
    private CatchUp catchUp;
    private Ceilings.Kafka kafkaCeiling;
    private Ceilings.Postgres postgresCeiling;
    private double systemIngestRate = Double.NaN;
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
            Ingest ingest = ingestInProgress;
            if (!reported && ingest != null) {
                ingestRows(ingest, catchUp.finished(), catchUp.pending());
            }
            MemorySampler memory = sampler;
            if (!reported && memory != null) {
                memory.close();
                memoryRows(memory.peaks());
            }
            if (!reported && !table.isEmpty()) {
                System.out.println("\nInterrupted; what was measured so far:\n");
                System.out.println(preamble(started, Duration.ofNanos(System.nanoTime() - startNanos), loadAtStart) + "\n" + table.markdown());
            }
        }, "benchmark-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (Admin kafkaAdmin = Admin.create(adminConfig())) {
            admin = kafkaAdmin;
            preflight();
            catchUp = new CatchUp(new ConsumerLag(admin), stack, options.services());
            if (options.runs(Phase.MEMORY)) {
                Map<String, URI> targets = new LinkedHashMap<>();
                options.services().forEach((service, uri) -> targets.put(service.id(), uri));
                targets.put("api-gateway", options.gateway());
                sampler = new MemorySampler(stack, targets);
                sampler.start();
            }
            try {
                phase(Phase.CEILINGS, "1 ceilings", "machine ceilings", this::ceilings);
                phase(Phase.INGEST, "2 ingest", "ingest of a " + ResultTable.count(options.events()) + "-event backlog", this::ingest);
                phase(Phase.REBUILD, "3 rebuild", "projection rebuild from the event stores", this::rebuild);
                phase(Phase.LATENCY, "4 latency", "publish-to-visible latency at " + options.latencyRate() + " events/s", this::latency);
                phase(Phase.REST, "5 REST", "REST through the gateway at " + options.restRate() + " requests/s", this::rest);
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
        String report = preamble(started, wall, loadAtStart) + "\n" + table.markdown();
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
    private void preflight() {
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
        database = durability();
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
            table.add(label, "not run", "", "", abandoned + " failed");
            return;
        }
        System.out.println("\n== " + label + ": " + title);
        long start = System.nanoTime();
        try {
            body.run();
        } catch (Exception e) {
            String message = message(e);
            failures.add(label + ": " + message);
            table.add(label, "FAILED", "", "", message);
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
        kafkaCeiling = Ceilings.kafka(admin, options.bootstrap(), run, options.ceilingRecords(), options.ceilingRecordBytes());
        table.add("1 ceilings", "Kafka produce: " + ResultTable.count(kafkaCeiling.records()) + " × " + kafkaCeiling.recordBytes()
                        + " B, idempotent, acks=all, 4 partitions", ResultTable.rate(kafkaCeiling.produceRate(), "records"), "",
                ResultTable.seconds(kafkaCeiling.produceSeconds()));
        table.add("1 ceilings", "Kafka consume: plain KafkaConsumer, every partition from the start",
                ResultTable.rate(kafkaCeiling.consumeRate(), "records"), "", ResultTable.seconds(kafkaCeiling.consumeSeconds()));
        System.out.printf("   PostgreSQL: inserting %s rows of id + %d B in batches of 500%n", ResultTable.count(options.ceilingRows()),
                options.ceilingRecordBytes());
        postgresCeiling = Ceilings.postgres(options.jdbcUrl(), options.dbUser(), options.dbPassword(), run, options.ceilingRows(),
                options.ceilingRecordBytes());
        table.add("1 ceilings", "PostgreSQL insert: " + ResultTable.count(postgresCeiling.rows()) + " rows of id + "
                        + postgresCeiling.rowBytes() + " B, JDBC batches of 500 (reWriteBatchedInserts), commit per batch",
                ResultTable.rate(postgresCeiling.rate(), "rows"), "", ResultTable.seconds(postgresCeiling.seconds()));
    }

    private String vsConsumeAndInsert(double rate) {
        List<String> parts = new ArrayList<>();
        if (kafkaCeiling != null) {
            parts.add(ResultTable.ratio(rate, kafkaCeiling.consumeRate(), "Kafka consume"));
        }
        if (postgresCeiling != null) {
            parts.add(ResultTable.ratio(rate, postgresCeiling.rate(), "PG insert"));
        }
        return String.join(" · ", parts);
    }

    // ---- 2: ingest ------------------------------------------------------------------------------------------------

    private void ingest() throws Exception {
        if (options.warmupEvents() > 0) {
            // the services' code compiled and their caches filled, as in a running system: the first minutes of a
            // freshly started JVM on 2 cores measure the JIT compiler more than the service
            List<SimulatorSource.Event> warmup = generate(options.warmupEvents(), new java.util.TreeMap<>());
            System.out.printf("   warm-up: the history's first %s events, caught up before the measured backlog%n",
                    ResultTable.count(warmup.size()));
            Ingest warming = new Ingest(warmup.size(), new AtomicLong(), new AtomicLong(), Map.of());
            Map<Service, CatchUp.Result> results = publishAndAwait("warm-up", warmup, warming);
            long slowest = results.values().stream().mapToLong(CatchUp.Result::projectionsNanos).max().orElse(0);
            System.out.printf("   warm-up caught up in %s%n", ResultTable.seconds(slowest / 1e9));
        }
        Map<String, Long> perTopic = new java.util.TreeMap<>();
        List<SimulatorSource.Event> backlog = generate(options.events(), perTopic);
        Ingest ingest = new Ingest(backlog.size(), new AtomicLong(), new AtomicLong(), perTopic);
        ingestInProgress = ingest;
        Map<Service, Long> storedBefore = storedEvents();
        Map<Service, Map<String, Double>> cpuBefore = stageCpu();
        Map<Service, CatchUp.Result> results;
        try {
            results = publishAndAwait("ingest", backlog, ingest);
        } catch (RuntimeException e) {
            ingestRows(ingest, catchUp.finished(), catchUp.pending());
            throw e;
        } finally {
            ingestInProgress = null;
        }
        ingestRows(ingest, results, "");
        storedRows(storedBefore, storedEvents(), results);
        Map<Service, Map<String, Double>> cpuAfter = stageCpu();
        cpuBefore.forEach((service, before) -> {
            CatchUp.Result result = results.get(service);
            List<String> row = CpuStages.row(service.id(), result == null ? 0 : result.eventsOnTopics(), before,
                    cpuAfter.getOrDefault(service, Map.of()));
            if (!row.isEmpty()) {
                cpuStages.add(row);
            }
        });
    }

    /** Issue 15: each service's CPU counters by stage and thread role (see {@link CpuStages}); none if unreadable. */
    private Map<Service, Map<String, Double>> stageCpu() {
        Map<Service, Map<String, Double>> read = new java.util.EnumMap<>(Service.class);
        options.services().forEach((service, uri) -> {
            try {
                read.put(service, CpuStages.read(stack.prometheus(uri)));
            } catch (RuntimeException e) {
                System.out.printf("   %s: CPU by stage not readable (%s)%n", service.id(), e.getMessage());
            }
        });
        return read;
    }

    /** Issue 15: stored events per inbound event, month ends included: the event store rows the backlog added. */
    private void storedRows(Map<Service, Long> before, Map<Service, Long> after, Map<Service, CatchUp.Result> results) {
        for (Service service : Service.values()) {
            CatchUp.Result result = results.get(service);
            if (result == null || !before.containsKey(service) || !after.containsKey(service) || result.eventsOnTopics() == 0) {
                continue;
            }
            long stored = after.get(service) - before.get(service);
            table.add("2 ingest", "stored events per inbound event: " + service.id(),
                    String.format(java.util.Locale.ROOT, "%.2f", (double) stored / result.eventsOnTopics()), "≤ 1.5 (issue 15)",
                    ResultTable.count(stored) + " stored for " + ResultTable.count(result.eventsOnTopics()) + " events on "
                            + String.join(", ", service.topics()));
        }
    }

    /** Rows of each service's event store ({@code domainevententry} in {@code prm_<service>}); none when unreadable. */
    private Map<Service, Long> storedEvents() {
        Map<Service, Long> stored = new java.util.EnumMap<>(Service.class);
        for (Service service : options.services().keySet()) {
            String database = "prm_" + service.id().replace("-service", "");
            try (var connection = DriverManager.getConnection(databaseUrl(database), options.dbUser(), options.dbPassword());
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("select count(*) from domainevententry")) {
                rows.next();
                stored.put(service, rows.getLong(1));
            } catch (java.sql.SQLException e) {
                System.out.printf("   %s: event store not readable (%s); no stored-events figure%n", service.id(), e.getMessage());
            }
        }
        return stored;
    }

    /** {@code --jdbc-url} with another database. */
    private String databaseUrl(String database) {
        String url = options.jdbcUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** Issue 15: say which database was measured: durable (production) or the local stack's --fast-db. */
    private String durability() {
        try (var connection = DriverManager.getConnection(options.jdbcUrl(), options.dbUser(), options.dbPassword());
             var statement = connection.createStatement()) {
            String fsync = show(statement, "fsync");
            String synchronousCommit = show(statement, "synchronous_commit");
            boolean durable = fsync.equals("on") && !synchronousCommit.equals("off");
            return "PostgreSQL " + (durable ? "durable" : "NOT durable (fast mode, e.g. ./run-local.sh --fast-db)") + ": fsync "
                    + fsync + ", synchronous_commit " + synchronousCommit;
        } catch (java.sql.SQLException e) {
            return "PostgreSQL durability not read (" + e.getMessage() + ")";
        }
    }

    private static String show(java.sql.Statement statement, String setting) throws java.sql.SQLException {
        try (var rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The next {@code events} of the history, generated before the clock starts, so the publish rate is Kafka's. */
    private List<SimulatorSource.Event> generate(int events, Map<String, Long> perTopic) {
        long generateStart = System.nanoTime();
        List<SimulatorSource.Event> backlog = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            SimulatorSource.Event event = source.next();
            backlog.add(event);
            perTopic.merge(event.topic(), 1L, Long::sum);
        }
        System.out.printf("   generated %s events in %s; publishing%n", ResultTable.count(events),
                ResultTable.seconds((System.nanoTime() - generateStart) / 1e9));
        return backlog;
    }

    /** Publishes as fast as Kafka takes them and waits until every service has them in its projections. */
    private Map<Service, CatchUp.Result> publishAndAwait(String label, List<SimulatorSource.Event> backlog, Ingest ingest)
            throws InterruptedException {
        int events = backlog.size();
        Map<Service, Long> startOffsets = catchUp.endOffsets();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread publisher = Thread.ofPlatform().name(label + "-publisher").daemon().start(() -> {
            try (KafkaProducer<String, byte[]> producer = Producers.bulk(options.bootstrap())) {
                ingest.firstPublish().set(System.nanoTime());
                started.countDown();
                for (int i = 0; i < events && failure.get() == null; i++) {
                    SimulatorSource.Event event = backlog.set(i, null);
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    sent.incrementAndGet();
                }
                producer.flush();
                ingest.lastPublish().set(System.nanoTime());
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            } finally {
                started.countDown();
                done.set(true);
            }
        });
        started.await();
        Map<Service, CatchUp.Result> results = catchUp.await(label, ingest.firstPublish().get(), () -> {
            if (failure.get() != null) {
                throw new IllegalStateException("publishing failed: " + failure.get(), failure.get());
            }
            return done.get();
        }, sent::get, events, startOffsets, options.catchUpTimeout(), options.stallTimeout());
        publisher.join();
        return results;
    }

    /** The ingest phase while it runs, so an interrupted or failed run can still report what caught up. */
    private record Ingest(int events, AtomicLong firstPublish, AtomicLong lastPublish, Map<String, Long> perTopic) {
    }

    private volatile Ingest ingestInProgress;
    private volatile MemorySampler sampler;

    /** @param pending where the services not caught up stand; empty when all are */
    private void ingestRows(Ingest ingest, Map<Service, CatchUp.Result> results, String pending) {
        int events = ingest.events();
        long published = ingest.lastPublish().get() - ingest.firstPublish().get();
        if (ingest.lastPublish().get() > 0) {
            double publishSeconds = published / 1e9;
            double publishRate = events / publishSeconds;
            table.add("2 ingest", "publish " + ResultTable.count(events) + " simulator events (idempotent, acks=all, as fast as possible)",
                    ResultTable.rate(publishRate, "events"),
                    kafkaCeiling == null ? "" : ResultTable.ratio(publishRate, kafkaCeiling.produceRate(), "Kafka produce"),
                    ResultTable.seconds(publishSeconds) + " (generated beforehand); " + ingest.perTopic().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + " " + ResultTable.count(e.getValue())).collect(Collectors.joining(", ")));
        }
        long slowest = 0;
        for (Service service : Service.values()) {
            CatchUp.Result result = results.get(service);
            if (result == null) {
                continue;
            }
            double seconds = result.projectionsNanos() / 1e9;
            slowest = Math.max(slowest, result.projectionsNanos());
            double rate = result.eventsOnTopics() / seconds;
            table.add("2 ingest", "ingest into queryable projections: " + service.id(), ResultTable.rate(rate, "events"),
                    vsConsumeAndInsert(rate), ResultTable.count(result.eventsOnTopics()) + " events on "
                            + String.join(", ", service.topics()) + "; consumer lag 0 at "
                            + ResultTable.seconds(result.kafkaNanos() / 1e9) + ", all processors caught up at "
                            + ResultTable.seconds(seconds) + " after the first publish ("
                            + ResultTable.seconds((result.projectionsNanos() - published) / 1e9)
                            + " after the last); event store head " + ResultTable.count(result.head()));
        }
        if (!pending.isEmpty()) {
            table.add("2 ingest", "not caught up", "", "", pending);
            return;
        }
        systemIngestRate = events / (slowest / 1e9);
        table.add("2 ingest", "whole system: backlog of " + ResultTable.count(events) + " caught up everywhere",
                ResultTable.rate(systemIngestRate, "events"), vsConsumeAndInsert(systemIngestRate),
                "catch-up time " + ResultTable.seconds(slowest / 1e9) + " from the first publish");
    }

    // ---- 3: rebuild -----------------------------------------------------------------------------------------------

    private void rebuild() throws Exception {
        for (Map.Entry<Service, URI> entry : options.services().entrySet()) {
            Service service = entry.getKey();
            URI base = entry.getValue();
            StackClient.Projections before = stack.projections(base);
            List<String> names = before.processors().stream().map(StackClient.Projections.Processor::name)
                    .filter(name -> !Service.isPublisher(name)).toList();
            if (names.isEmpty() || before.head() <= 0) {
                table.add("3 rebuild", service.id(), "n/a", "", names.isEmpty() ? "no projection processor listed" : "empty event store");
                continue;
            }
            long head = before.head();
            System.out.printf("   %s: replaying %s over %s stored events%n", service.id(), names, ResultTable.count(head));
            long start = System.nanoTime();
            for (String name : names) {
                HttpResponse<String> answer = stack.replay(base, name);
                if (answer.statusCode() / 100 != 2) {
                    throw new IllegalStateException("POST " + base + "/actuator/projections/" + name + " answered " + answer.statusCode()
                            + ": " + StackClient.abbreviate(answer.body()));
                }
            }
            Map<String, Long> doneAt = awaitReplay(service, base, names, start);
            long total = doneAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
            double rate = head / (total / 1e9);
            table.add("3 rebuild", "rebuild from the event store: " + service.id() + " (" + String.join(", ", names) + ")",
                    ResultTable.rate(rate, "events"), postgresCeiling == null ? "" : ResultTable.ratio(rate, postgresCeiling.rate(), "PG insert"),
                    ResultTable.count(head) + " stored events in " + ResultTable.seconds(total / 1e9) + " ("
                            + doneAt.entrySet().stream().map(e -> e.getKey() + " " + ResultTable.seconds(e.getValue() / 1e9))
                            .collect(Collectors.joining(", ")) + ")");
        }
    }

    private Map<String, Long> awaitReplay(Service service, URI base, List<String> names, long start) throws InterruptedException {
        Map<String, Long> doneAt = new LinkedHashMap<>();
        long deadline = start + options.catchUpTimeout().toNanos();
        long nextProgress = start + Duration.ofSeconds(5).toNanos();
        long lastMove = System.nanoTime();
        long lastPositions = Long.MIN_VALUE;
        String state = "";
        while (doneAt.size() < names.size()) {
            Thread.sleep(250);
            StackClient.Projections now;
            try {
                now = stack.projections(base);
            } catch (RuntimeException e) {
                if (System.nanoTime() - lastMove > Duration.ofSeconds(60).toNanos()) {
                    throw e;
                }
                continue;
            }
            long at = System.nanoTime();
            long positions = 0;
            for (StackClient.Projections.Processor processor : now.processors()) {
                if (names.contains(processor.name())) {
                    positions += processor.position();
                    if (processor.behind() <= 0) {
                        doneAt.putIfAbsent(processor.name(), at - start);
                    }
                }
            }
            state = now.describe(names::contains);
            if (positions != lastPositions) {
                lastPositions = positions;
                lastMove = at;
            }
            if (at > nextProgress) {
                nextProgress = at + Duration.ofSeconds(5).toNanos();
                System.out.printf("[rebuild %s %5.0f s] behind: %s%n", service.id(), (at - start) / 1e9, state);
            }
            if (at > deadline) {
                throw new IllegalStateException(service.id() + " rebuild not done within " + options.catchUpTimeout().toMinutes()
                        + " min; behind: " + state);
            }
            if (at - lastMove > options.stallTimeout().toNanos()) {
                throw new IllegalStateException(service.id() + " rebuild made no progress for " + options.stallTimeout().toSeconds()
                        + " s; behind: " + state);
            }
        }
        return doneAt;
    }

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
            table.add("4 latency", "publish→visible at " + ResultTable.count(options.latencyRate()) + " events/s: "
                            + outcome.service().id() + " (" + shows.get(outcome.service()) + ")", outcome.latency().text(), "",
                    ResultTable.count(outcome.probes()) + " probes, " + ResultTable.count(outcome.invisible()) + " not visible within "
                            + options.probeTimeout().toSeconds() + " s; background achieved "
                            + ResultTable.rate(background.achievedRate(), "events") + "; "
                            + (Double.isNaN(outcome.meanResolutionMillis()) ? ""
                            : String.format(Locale.US, "mean uncertainty of the visible instant %.1f ms over ", outcome.meanResolutionMillis()))
                            + ResultTable.count(outcome.polls()) + " polls" + (outcome.pollErrors() > 0
                            ? ", " + ResultTable.count(outcome.pollErrors()) + " failed" : ""));
        }
        awaitQuiet("4 latency", "after latency");
    }

    /** Lets the backlog a phase left drain before the next one measures; a time-out is noted, not fatal. */
    private void awaitQuiet(String phase, String label) throws InterruptedException {
        System.out.println("   waiting for every service to catch up before the next phase");
        try {
            long start = System.nanoTime();
            Map<Service, CatchUp.Result> results = catchUp.await(label, start, () -> true, () -> 0, 0, Map.of(),
                    options.settleTimeout(), options.stallTimeout());
            long slowest = results.values().stream().mapToLong(CatchUp.Result::projectionsNanos).max().orElse(0);
            System.out.printf("   caught up in %s%n", ResultTable.seconds(slowest / 1e9));
        } catch (IllegalStateException e) {
            System.err.println("   " + e.getMessage() + " — going on");
            table.add(phase, "note", "", "", e.getMessage());
        }
    }

    // ---- 5: REST --------------------------------------------------------------------------------------------------

    private void rest() throws Exception {
        int wanted = options.restPartners();
        List<String> partners = source.enrolledPartners(wanted);
        if (!source.enrolledAndTicked(wanted)) {
            System.out.printf("   %d enrolled partners published so far: publishing simulator events until %d are, and the month end after%n",
                    partners.size(), wanted);
            try (KafkaProducer<String, byte[]> producer = Producers.bulk(options.bootstrap())) {
                for (int i = 0; !source.enrolledAndTicked(wanted) && i < 1_000_000; i++) {
                    SimulatorSource.Event event = source.next();
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
                }
            }
            awaitQuiet("5 REST", "before REST");
            partners = source.enrolledPartners(wanted);
        }
        List<String> tokens = new ArrayList<>();
        for (String partner : partners) {
            tokens.add(stack.partnerToken(partner));
        }
        double backgroundRate = options.backgroundRate() != null ? options.backgroundRate()
                : Double.isNaN(systemIngestRate) ? 250 : systemIngestRate / 2;
        String backgroundSource = options.backgroundRate() != null ? "--background-rate"
                : Double.isNaN(systemIngestRate) ? "default, no ingest measurement" : "half the measured ingest rate";
        System.out.printf("   %d requests/s over %d partners (one token each) for %s after a %s warm-up; ingest beside it at %s (%s)%n",
                options.restRate(), partners.size(), ResultTable.seconds(options.duration().toMillis() / 1000.0),
                ResultTable.seconds(options.warmup().toMillis() / 1000.0), ResultTable.rate(backgroundRate, "events"), backgroundSource);
        RestLoad.Outcome outcome;
        PacedPublisher background = null;
        Map<String, URI> processes = new LinkedHashMap<>();
        processes.put("api-gateway", options.gateway());
        options.services().forEach((service, uri) -> processes.put(service.id(), uri));
        ProcessCpu cpu = new ProcessCpu(processes);
        AtomicReference<Map<String, Double>> cpuBefore = new AtomicReference<>();
        Map<String, Double> cpuAfter;
        try (KafkaProducer<String, byte[]> producer = Producers.paced(options.bootstrap())) {
            if (backgroundRate > 0) {
                background = new PacedPublisher(producer, source, backgroundRate, "rest-background").start();
            }
            try {
                // CPU from the recorded window on: the warm-up's JIT compilation is not the cost of a request
                RestLoad load = new RestLoad(options.gateway());
                if (options.restPrime() > 0) {
                    System.out.printf("   priming: %d requests, %d at a time, unrecorded ...%n", options.restPrime(), RestLoad.PRIME_CONCURRENCY);
                    RestLoad.Primed primed = load.prime(partners, tokens, options.restPrime());
                    System.out.printf("   primed in %s, %d requests failed%n", ResultTable.seconds(primed.seconds()), primed.failed());
                }
                outcome = load.run(partners, tokens, options.restRate(), options.warmup(), options.duration(),
                        () -> cpuBefore.set(cpu.seconds()));
            } finally {
                cpuAfter = cpu.seconds();
                if (background != null) {
                    background.close();
                }
            }
        }
        double backgroundAchieved = background == null ? 0 : background.achievedRate();
        table.add("5 REST", "GET through the gateway, JWT per partner, " + ResultTable.count(options.restRate()) + " req/s open loop over "
                        + partners.size() + " partners × " + outcome.perRoute().size() + " routes, after "
                        + ResultTable.count(options.restPrime()) + " priming requests and a " + ResultTable.seconds(options.warmup().toMillis() / 1000.0) + " warm-up", outcome.overall().text(), "",
                ResultTable.count(outcome.sent()) + " of " + ResultTable.count(outcome.scheduled()) + " requests sent (sending stops "
                        + RestLoad.GRACE.toSeconds() + " s after the phase): " + ResultTable.count(outcome.ok()) + " 2xx, "
                        + ResultTable.count(outcome.notFound()) + " 404, " + ResultTable.count(outcome.tooMany()) + " 429, "
                        + ResultTable.count(outcome.otherStatus()) + " other status, " + ResultTable.count(outcome.failed())
                        + " failed or timed out (10 s), " + ResultTable.count(outcome.unfinished()) + " unanswered; at most "
                        + RestLoad.MAX_IN_FLIGHT + " in flight, sent at "
                        + ResultTable.rate(outcome.achievedRate(), "req") + ", answered within the window at "
                        + ResultTable.rate(outcome.servedRate(), "req")
                        + (outcome.saturated(options.restRate()) ? " (SATURATED: the stack cannot take the asked rate; latencies"
                        + " count from each request's due time, so they measure the backlog)" : "") + "; ingest beside it "
                        + ResultTable.rate(backgroundAchieved, "events") + " (" + backgroundSource + ")");
        table.add("5 REST", "p50 / p99 per route", outcome.perRoute().entrySet().stream()
                .map(e -> e.getKey() + " " + Latencies.millis(e.getValue().p50()) + " / " + Latencies.millis(e.getValue().p99()))
                .collect(Collectors.joining(" · ")), "", "p99.9 overall " + Latencies.millis(outcome.overall().p999()));
        if (cpuBefore.get() != null) {
            cpuRow(ProcessCpu.between(cpuBefore.get(), cpuAfter), outcome.sent(), backgroundAchieved);
        }
    }

    /** Issue 16: CPU per request, per process and end to end (gateway + services), from /proc over the recorded window. */
    private void cpuRow(Map<String, Double> spent, long requests, double backgroundRate) {
        if (requests == 0) {
            return;
        }
        double endToEnd = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> process : spent.entrySet()) {
            if (process.getValue() < 0) {
                parts.add(process.getKey() + " n/a");
                continue;
            }
            double micros = process.getValue() * 1e6 / requests;
            if (!process.getKey().equals(ProcessCpu.POSTGRES)) {
                endToEnd += micros;
            }
            parts.add("%s %.0f µs".formatted(process.getKey(), micros));
        }
        table.add("5 REST", "CPU per request: gateway + services (PostgreSQL apart)", "%.0f µs".formatted(endToEnd), "≤ 1,000 µs",
                String.join(" · ", parts) + " over the " + ResultTable.count(requests) + " recorded requests (from the window's start to the last answer)"
                        + (backgroundRate > 0 ? "; the services' share includes the ingest beside it (--background-rate=0 to measure reads alone)" : ""));
    }

    // ---- 6: memory ------------------------------------------------------------------------------------------------

    private void memoryRows(Map<String, MemorySampler.Peak> peaks) {
        for (MemorySampler.Peak peak : peaks.values()) {
            String heap = peak.heapBytes() < 0 ? "heap n/a" : "heap " + ResultTable.megabytes(peak.heapBytes());
            String rss = peak.rssBytes() < 0 ? "RSS n/a" : "RSS " + ResultTable.megabytes(peak.rssBytes());
            table.add("6 memory", "peak heap · peak RSS during the run: " + peak.name(), heap + " · " + rss, "",
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
