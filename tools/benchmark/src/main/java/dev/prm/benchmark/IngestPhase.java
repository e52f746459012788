package dev.prm.benchmark;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Phase 2: a simulator backlog published as fast as Kafka takes it, timed until every service has it in its projections;
 * stored events per inbound event and CPU per inbound event by stage (issue 15) beside it.
 */
final class IngestPhase {

    private final Bench bench;
    private final BenchOptions options;
    private final StackClient stack;
    private final ResultTable table;
    private final SimulatorSource source;
    private final ResultTable cpuStages = new ResultTable(CpuStages.header());
    private double systemIngestRate = Double.NaN;
    private volatile Ingest ingestInProgress;

    IngestPhase(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
        this.stack = bench.stack();
        this.table = bench.table();
        this.source = bench.source();
    }

    /** Events per second of the whole system, the slowest service's; NaN until measured. */
    double systemIngestRate() {
        return systemIngestRate;
    }

    /** The table of CPU per inbound event by stage; empty until measured. */
    ResultTable cpuStages() {
        return cpuStages;
    }

    /** Rows for what caught up so far, when the run is interrupted or fails while the backlog is taken in. */
    void reportSoFar() {
        Ingest ingest = ingestInProgress;
        if (ingest != null) {
            rows(ingest, bench.catchUp().finished(), bench.catchUp().pending());
        }
    }

    void run() throws Exception {
        if (options.warmupEvents() > 0) {
            // the services' code compiled and their caches filled, as in a running system: the first minutes of a
            // freshly started JVM on 2 cores measure the JIT compiler more than the service
            List<SimulatorSource.Event> warmup = generate(options.warmupEvents(), new TreeMap<>());
            System.out.printf("   warm-up: the history's first %s events, caught up before the measured backlog%n",
                    ResultTable.count(warmup.size()));
            Ingest warming = new Ingest(warmup.size(), new AtomicLong(), new AtomicLong(), Map.of());
            Map<Service, CatchUp.Result> results = publishAndAwait("warm-up", warmup, warming);
            long slowest = results.values().stream().mapToLong(CatchUp.Result::projectionsNanos).max().orElse(0);
            System.out.printf("   warm-up caught up in %s%n", ResultTable.seconds(slowest / 1e9));
        }
        Map<String, Long> perTopic = new TreeMap<>();
        List<SimulatorSource.Event> backlog = generate(options.events(), perTopic);
        Ingest ingest = new Ingest(backlog.size(), new AtomicLong(), new AtomicLong(), perTopic);
        ingestInProgress = ingest;
        Map<Service, Long> storedBefore = storedEvents();
        Map<Service, Map<String, Double>> cpuBefore = stageCpu();
        Map<Service, CatchUp.Result> results;
        try {
            results = publishAndAwait("ingest", backlog, ingest);
        } catch (RuntimeException e) {
            reportSoFar();
            throw e;
        } finally {
            ingestInProgress = null;
        }
        rows(ingest, results, "");
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
        Map<Service, Map<String, Double>> read = new EnumMap<>(Service.class);
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
                    String.format(Locale.ROOT, "%.2f", (double) stored / result.eventsOnTopics()), "≤ 1.5 (issue 15)",
                    ResultTable.count(stored) + " stored for " + ResultTable.count(result.eventsOnTopics()) + " events on "
                            + String.join(", ", service.topics()));
        }
    }

    /** Rows of each service's event store ({@code domainevententry} in {@code prm_<service>}); none when unreadable. */
    private Map<Service, Long> storedEvents() {
        Map<Service, Long> stored = new EnumMap<>(Service.class);
        for (Service service : options.services().keySet()) {
            String database = "prm_" + service.id().replace("-service", "");
            try (var connection = DriverManager.getConnection(Database.url(options.jdbcUrl(), database), options.dbUser(), options.dbPassword());
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("select count(*) from domainevententry")) {
                rows.next();
                stored.put(service, rows.getLong(1));
            } catch (SQLException e) {
                System.out.printf("   %s: event store not readable (%s); no stored-events figure%n", service.id(), e.getMessage());
            }
        }
        return stored;
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
        Map<Service, Long> startOffsets = bench.catchUp().endOffsets();
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
        Map<Service, CatchUp.Result> results = bench.catchUp().await(label, ingest.firstPublish().get(), () -> {
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

    /** @param pending where the services not caught up stand; empty when all are */
    private void rows(Ingest ingest, Map<Service, CatchUp.Result> results, String pending) {
        int events = ingest.events();
        long published = ingest.lastPublish().get() - ingest.firstPublish().get();
        if (ingest.lastPublish().get() > 0) {
            double publishSeconds = published / 1e9;
            double publishRate = events / publishSeconds;
            table.add("2 ingest", "publish " + ResultTable.count(events) + " simulator events (idempotent, acks=all, as fast as possible)",
                    ResultTable.rate(publishRate, "events"),
                    bench.vsKafkaProduce(publishRate),
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
                    bench.vsConsumeAndInsert(rate), ResultTable.count(result.eventsOnTopics()) + " events on "
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
                ResultTable.rate(systemIngestRate, "events"), bench.vsConsumeAndInsert(systemIngestRate),
                "catch-up time " + ResultTable.seconds(slowest / 1e9) + " from the first publish");
    }
}
