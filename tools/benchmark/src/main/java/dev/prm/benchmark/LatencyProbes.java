package dev.prm.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publish-to-visible latency: probes are fresh facts published beside the background load, each polled over REST on
 * the service directly (admin token) until its effect shows; latency = the answer that first shows it − the instant
 * just before the probe was handed to the producer. A probe's effective time is the simulated world's present, and it
 * is read with {@code asOf} that instant, so it shows whatever the business clock's mode.
 * <ul>
 *   <li>tier-service: a {@code DealClosed} shows as that deal in {@code GET /points} of its partner;</li>
 *   <li>registration-service: a {@code DomainRegistrationRequested} shows as that domain in {@code GET /registrations};</li>
 *   <li>commission-service: a {@code DealClosed} of a partner never seen before turns {@code GET /commission-hold}
 *       from 404 into 200 (a new deal shows nowhere else there before a month end).</li>
 * </ul>
 * Tier and registration probes go to a new probe partner every {@value #PROBES_PER_PARTNER} probes, so one poll
 * checks several probes and a partner stays under the registration cap. A pending probe is polled every 5 ms at
 * first, then every tenth of its age (at most every second), which bounds the error to about 10 % and the polling
 * load whatever the latency turns out to be.
 */
final class LatencyProbes {

    static final int PROBES_PER_PARTNER = 5;
    private static final long MIN_POLL_NANOS = Duration.ofMillis(5).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofSeconds(1).toNanos();

    /** Per service: latencies, probes never seen, mean uncertainty of the first-visible instant. */
    record Outcome(Service service, Latencies.Summary latency, long probes, long invisible, double meanResolutionMillis,
                   long pollErrors, long polls) {
    }

    /** How long to wait before polling a probe again, by the age of the oldest pending one. */
    static long pollIntervalNanos(long ageNanos) {
        return Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, ageNanos / 10));
    }

    private static final class Probe {
        final String marker;
        final long sentNanos;
        volatile long lastNegativeNanos;

        Probe(String marker, long sentNanos) {
            this.marker = marker;
            this.sentNanos = sentNanos;
            this.lastNegativeNanos = sentNanos;
        }
    }

    /** One URI polled for a set of probes (one partner). */
    private final class Target {
        final Service service;
        final String partner;
        /** The effective time of its probes; polled with {@code asOf} it, so business time does not matter. */
        final Instant time;
        final URI uri;
        final List<Probe> pending = new ArrayList<>();
        volatile boolean open = true;
        volatile boolean inFlight;
        volatile long nextPollNanos;

        Target(Service service, String partner, Instant time, URI uri) {
            this.service = service;
            this.partner = partner;
            this.time = time;
            this.uri = uri;
        }

        synchronized void add(Probe probe) {
            pending.add(probe);
        }

        synchronized List<Probe> pendingCopy() {
            return List.copyOf(pending);
        }

        synchronized void remove(Probe probe) {
            pending.remove(probe);
        }

        boolean visible(Probe probe, HttpResponse<String> response) {
            if (response.statusCode() != 200) {
                return false;
            }
            return service == Service.COMMISSION || response.body().contains("\"" + probe.marker + "\"");
        }
    }

    private final Map<Service, URI> services;
    private final Supplier<Instant> clock;
    private final String adminToken;
    private final KafkaProducer<String, byte[]> producer;
    private final String run;
    private final ExecutorService httpExecutor = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("probe-http-", 0).factory());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final Map<Service, Latencies> latencies = new EnumMap<>(Service.class);
    private final Map<Service, AtomicLong> probes = new EnumMap<>(Service.class);
    private final Map<Service, AtomicLong> resolutionNanos = new EnumMap<>(Service.class);
    private final Map<Service, AtomicLong> pollErrors = new EnumMap<>(Service.class);
    private final Map<Service, AtomicLong> polls = new EnumMap<>(Service.class);
    private volatile boolean probing = true;
    private Thread poller;

    LatencyProbes(Map<Service, URI> services, String adminToken, KafkaProducer<String, byte[]> producer, String run,
                  Supplier<Instant> clock) {
        this.services = services;
        this.clock = clock;
        this.adminToken = adminToken;
        this.producer = producer;
        this.run = run;
        for (Service service : Service.values()) {
            latencies.put(service, new Latencies());
            probes.put(service, new AtomicLong());
            resolutionNanos.put(service, new AtomicLong());
            pollErrors.put(service, new AtomicLong());
            polls.put(service, new AtomicLong());
        }
    }

    /**
     * Sends {@code probeRate} probes a second for {@code length} (two fifths tier, two fifths registration, one fifth
     * commission), polling for them meanwhile.
     */
    void send(double probeRate, Duration length) {
        poller = Thread.ofPlatform().name("probe-poller").daemon().start(this::poll);
        Pacer pacer = new Pacer(System.nanoTime(), probeRate);
        long count = pacer.sendsIn(length);
        Target tier = null;
        Target registration = null;
        int tierCount = 0;
        int registrationCount = 0;
        for (long i = 0; i < count; i++) {
            pacer.awaitDue(i);
            switch ((int) (i % 5)) {
                case 0, 2 -> {
                    if (tierCount++ % PROBES_PER_PARTNER == 0) {
                        close(tier);
                        tier = target(Service.TIER, "probe-" + run + "-t" + i, "/points");
                    }
                    String deal = "probe-" + run + "-d" + i;
                    publish(tier, deal, i, "deal-closed", tier.partner, "DealClosed",
                            CloudEvents.dealClosed(deal, tier.partner, "probe" + i + ".example.com", "US", "100.00", "USD"));
                }
                case 1, 3 -> {
                    if (registrationCount++ % PROBES_PER_PARTNER == 0) {
                        close(registration);
                        registration = target(Service.REGISTRATION, "probe-" + run + "-r" + i, "/registrations");
                    }
                    String domain = "p" + i + "-" + run + ".probe.example.com";
                    publish(registration, domain, i, "domain-registration", registration.partner, "DomainRegistrationRequested",
                            CloudEvents.registration(registration.partner, domain));
                }
                default -> {
                    Target commission = target(Service.COMMISSION, "probe-" + run + "-c" + i, "/commission-hold");
                    String deal = "probe-" + run + "-d" + i;
                    publish(commission, commission.partner, i, "deal-closed", commission.partner, "DealClosed",
                            CloudEvents.dealClosed(deal, commission.partner, "probe" + i + ".example.com", "US", "100.00", "USD"));
                    close(commission);
                }
            }
        }
        close(tier);
        close(registration);
        producer.flush();
    }

    /** Waits up to {@code timeout} for the last probes to show; answers the outcome per service. */
    Map<Service, Outcome> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (targets.stream().anyMatch(t -> !t.pendingCopy().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        probing = false;
        poller.join(5000);
        Map<Service, Outcome> outcomes = new EnumMap<>(Service.class);
        for (Service service : services.keySet()) {
            long invisible = targets.stream().filter(t -> t.service == service).mapToLong(t -> t.pendingCopy().size()).sum();
            Latencies.Summary summary = latencies.get(service).summary();
            outcomes.put(service, new Outcome(service, summary, probes.get(service).get(), invisible,
                    summary.count() == 0 ? Double.NaN : resolutionNanos.get(service).get() / 1e6 / summary.count(),
                    pollErrors.get(service).get(), polls.get(service).get()));
        }
        httpExecutor.shutdownNow();
        return outcomes;
    }

    private Target target(Service service, String partner, String route) {
        Instant time = clock.get().truncatedTo(ChronoUnit.SECONDS);
        Target target = new Target(service, partner, time, services.get(service).resolve("/api/partners/" + partner + route + "?asOf=" + time));
        targets.add(target);
        return target;
    }

    /** No more probes for it: it leaves the poller's list once its probes are seen. */
    private static void close(Target target) {
        if (target != null) {
            target.open = false;
        }
    }

    private void publish(Target target, String marker, long i, String topic, String key, String type, String data) {
        long sent = System.nanoTime();
        Probe probe = new Probe(marker, sent);
        target.add(probe);
        probes.get(target.service).incrementAndGet();
        byte[] value = CloudEvents.event("probe-" + run + "-e" + i, type, target.time, key, data);
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private void poll() {
        while (probing) {
            long now = System.nanoTime();
            for (Target target : targets) {
                List<Probe> pending = target.pendingCopy();
                if (pending.isEmpty()) {
                    if (!target.open) {
                        targets.remove(target);
                    }
                    continue;
                }
                if (target.inFlight || now < target.nextPollNanos) {
                    continue;
                }
                target.inFlight = true;
                long sent = System.nanoTime();
                polls.get(target.service).incrementAndGet();
                HttpRequest request = HttpRequest.newBuilder(target.uri).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + adminToken).GET().build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                    long received = System.nanoTime();
                    if (failure != null) {
                        pollErrors.get(target.service).incrementAndGet();
                    } else {
                        for (Probe probe : target.pendingCopy()) {
                            if (target.visible(probe, response)) {
                                latencies.get(target.service).recordNanos(received - probe.sentNanos);
                                resolutionNanos.get(target.service).addAndGet(received - Math.max(probe.sentNanos, probe.lastNegativeNanos));
                                target.remove(probe);
                            } else {
                                probe.lastNegativeNanos = sent;
                            }
                        }
                    }
                    long oldest = target.pendingCopy().stream().mapToLong(p -> p.sentNanos).min().orElse(received);
                    target.nextPollNanos = sent + pollIntervalNanos(received - oldest);
                    target.inFlight = false;
                });
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
