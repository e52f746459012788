package dev.prm.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Phase 5: partner routes through the gateway at a fixed rate, one token per partner, with ingest beside it; latency
 * per route and CPU per request (issue 16).
 */
final class RestPhase {

    private final Bench bench;
    private final BenchOptions options;
    private final StackClient stack;
    private final ResultTable table;
    private final SimulatorSource source;

    RestPhase(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
        this.stack = bench.stack();
        this.table = bench.table();
        this.source = bench.source();
    }

    /** @param systemIngestRate the ingest phase's figure (NaN if not run): half of it runs beside the requests by default */
    void run(double systemIngestRate) throws Exception {
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
            bench.awaitQuiet("5 REST", "before REST");
            partners = source.enrolledPartners(wanted);
        }
        List<String> tokens = new ArrayList<>();
        for (String partner : partners) {
            tokens.add(stack.partnerToken(partner));
        }
        int backlog = options.backgroundBacklog();
        double backgroundRate = backlog > 0 ? 0 : options.backgroundRate() != null ? options.backgroundRate()
                : Double.isNaN(systemIngestRate) ? 250 : systemIngestRate / 2;
        String backgroundSource = backlog > 0 ? "--background-backlog" : options.backgroundRate() != null ? "--background-rate"
                : Double.isNaN(systemIngestRate) ? "default, no ingest measurement" : "half the measured ingest rate";
        if (backlog > 0) {
            publishBacklog(backlog);
        }
        System.out.printf("   %d requests/s over %d partners (one token each) for %s after a %s warm-up; ingest beside it: %s (%s)%n",
                options.restRate(), partners.size(), ResultTable.seconds(options.duration().toMillis() / 1000.0),
                ResultTable.seconds(options.warmup().toMillis() / 1000.0),
                backlog > 0 ? "a backlog of " + ResultTable.count(backlog) + " events" : ResultTable.rate(backgroundRate, "events"), backgroundSource);
        RestLoad.Outcome outcome;
        PacedPublisher background = null;
        Map<String, URI> processes = new LinkedHashMap<>();
        processes.put("api-gateway", options.gateway());
        options.services().forEach((service, uri) -> processes.put(service.id(), uri));
        ProcessCpu cpu = new ProcessCpu(processes);
        AtomicReference<Map<String, Double>> cpuBefore = new AtomicReference<>();
        AtomicReference<Long> takenInBefore = new AtomicReference<>();
        AtomicReference<Long> windowStart = new AtomicReference<>();
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
                        () -> {
                            cpuBefore.set(cpu.seconds());
                            takenInBefore.set(takenIn());
                            windowStart.set(System.nanoTime());
                        });
            } finally {
                cpuAfter = cpu.seconds();
                if (background != null) {
                    background.close();
                }
            }
        }
        long takenInWindow = takenInBefore.get() == null ? 0 : takenIn() - takenInBefore.get();
        double windowSeconds = windowStart.get() == null ? 1 : (System.nanoTime() - windowStart.get()) / 1e9;
        double backgroundAchieved = background == null ? 0 : background.achievedRate();
        String ingestBeside = backlog > 0
                ? "the services took in " + ResultTable.count(takenInWindow) + " records of a " + ResultTable.count(backlog)
                + "-event backlog meanwhile (~" + ResultTable.rate(takenInWindow / windowSeconds, "records") + ", all three summed)"
                : ResultTable.rate(backgroundAchieved, "events") + " (" + backgroundSource + ")";
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
                        + " count from each request's due time, so they measure the backlog)" : "") + "; ingest beside it: "
                        + ingestBeside);
        table.add("5 REST", "p50 / p99 per route", outcome.perRoute().entrySet().stream()
                .map(e -> e.getKey() + " " + Latencies.millis(e.getValue().p50()) + " / " + Latencies.millis(e.getValue().p99()))
                .collect(Collectors.joining(" · ")), "", "p99.9 overall " + Latencies.millis(outcome.overall().p999()));
        if (cpuBefore.get() != null) {
            cpuRow(ProcessCpu.between(cpuBefore.get(), cpuAfter), outcome.sent(), background != null || backlog > 0);
        }
    }

    /**
     * The CRM's month-end import: {@code events} simulator events published as fast as the broker takes them, before the
     * warm-up, so that the services ingest at full speed while the requests run and nothing of the benchmark competes.
     */
    private void publishBacklog(int events) {
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = Producers.bulk(options.bootstrap())) {
            for (int i = 0; i < events; i++) {
                SimulatorSource.Event event = source.next();
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
            }
        }
        System.out.printf("   backlog: %d events published in %s%n", events, ResultTable.seconds((System.nanoTime() - started) / 1e9));
    }

    /** Records the services' consumer groups have committed on their topics, summed. */
    private long takenIn() {
        ConsumerLag lag = new ConsumerLag(bench.admin());
        return options.services().keySet().stream().mapToLong(service -> lag.snapshot(service.id(), service.topics()).committedSum()).sum();
    }

    /** Issue 16: CPU per request, per process and end to end (gateway + services), from /proc over the recorded window. */
    private void cpuRow(Map<String, Double> spent, long requests, boolean ingestBesideIt) {
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
                        + (ingestBesideIt ? "; the services' share includes the ingest beside it (--background-rate=0 to measure reads alone)" : ""));
    }
}
