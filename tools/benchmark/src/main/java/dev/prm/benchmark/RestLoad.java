package dev.prm.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load through the gateway: an open-loop generator sends GETs at exact intervals over the partner-scoped read
 * routes of SPEC §5, each with its partner's own token; latency runs from the instant the request was due, so a slow
 * answer counts in full for every request it held up (no coordinated omission). At most {@value #MAX_IN_FLIGHT}
 * requests are open at once (connections); a request due beyond that waits, and its wait counts in its latency.
 */
final class RestLoad {

    static final int MAX_IN_FLIGHT = 256;

    /** The partner-scoped reads of SPEC §5; {@code %s} is the partner id. */
    static List<String> routes(YearMonth month) {
        return List.of("/api/partners/%s/tier", "/api/partners/%s/points", "/api/partners/%s/registrations",
                "/api/partners/%s/registration-cap", "/api/partners/%s/commission-hold",
                "/api/partners/%s/commissions?month=" + month);
    }

    /** Request {@code i} goes to route {@code i % routes} of partner {@code (i / routes) % partners}: every pair in turn. */
    static int[] pick(long i, int routes, int partners) {
        return new int[] {(int) (i % routes), (int) ((i / routes) % partners)};
    }

    /**
     * {@code scheduled}: requests due in the recorded part; {@code sent}: requests sent after the warm-up, before the
     * cut-off (all recorded); {@code servedRate}: answers of any status completed within the recorded window, per second.
     */
    record Outcome(Latencies.Summary overall, Map<String, Latencies.Summary> perRoute, long scheduled, long sent, long ok,
                   long notFound, long tooMany, long otherStatus, long failed, long unfinished, double achievedRate,
                   double servedRate) {

        /** The generator fell behind its schedule: the figures are the system's capacity, not latency at the asked rate. */
        boolean saturated(double askedRate) {
            return achievedRate < 0.95 * askedRate;
        }
    }

    /** A saturated system cannot take requests as fast as they fall due: sending stops this long after the phase. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final URI gateway;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("rest-http-", 0).factory());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
            .connectTimeout(Duration.ofSeconds(3)).build();

    RestLoad(URI gateway) {
        this.gateway = gateway;
    }

    /**
     * Sends {@code requests} over every route and partner, {@value #PRIME_CONCURRENCY} at a time, each as soon as the
     * one before it on its connection is answered (closed loop, unrecorded): at the paced rates the JIT takes minutes
     * to compile the read path, so without this the figures are a JVM's warm-up, not a request's cost.
     */
    record Primed(double seconds, long failed) {
    }

    Primed prime(List<String> partners, List<String> tokens, long requests) throws InterruptedException {
        List<String> routes = routes(YearMonth.now(ZoneOffset.UTC).minusMonths(1));
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < PRIME_CONCURRENCY; t++) {
            senders.add(Thread.ofPlatform().daemon().name("rest-prime-" + t).start(() -> {
                for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    int[] picked = pick(i, routes.size(), partners.size());
                    HttpRequest request = HttpRequest.newBuilder(gateway.resolve(routes.get(picked[0]).formatted(partners.get(picked[1]))))
                            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + tokens.get(picked[1])).GET().build();
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        failed.incrementAndGet(); // primes less; reported, the measured phase counts its own failures
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return new Primed((System.nanoTime() - start) / 1e9, failed.get());
    }

    static final int PRIME_CONCURRENCY = 8;

    /** Runs {@code warmup} unrecorded, then {@code length} recorded, at {@code rate} requests a second. */
    Outcome run(List<String> partners, List<String> tokens, double rate, Duration warmup, Duration length) throws InterruptedException {
        return run(partners, tokens, rate, warmup, length, () -> { });
    }

    /** As above; {@code recordingStarts} runs once, when the first recorded request is about to be sent. */
    Outcome run(List<String> partners, List<String> tokens, double rate, Duration warmup, Duration length,
                Runnable recordingStarts) throws InterruptedException {
        List<String> routes = routes(YearMonth.now(ZoneOffset.UTC).minusMonths(1));
        Latencies overall = new Latencies();
        Map<String, Latencies> perRoute = new LinkedHashMap<>();
        routes.forEach(route -> perRoute.put(name(route), new Latencies()));
        AtomicLong ok = new AtomicLong();
        AtomicLong notFound = new AtomicLong();
        AtomicLong tooMany = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        Pacer pacer = new Pacer(start, rate);
        long warmupCount = pacer.sendsIn(warmup);
        long total = pacer.sendsIn(warmup.plus(length));
        long lastSent = start;
        // recorded: sent after the warm-up's time (not its count), so a saturated stack still gets a measured window
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + length.toNanos();
        long cutOff = windowEnd + GRACE.toNanos();
        AtomicLong servedInWindow = new AtomicLong();
        long sent = 0;
        long recordedSent = 0;
        for (long i = 0; i < total && System.nanoTime() < cutOff; i++) {
            long due = pacer.awaitDue(i);
            sent = i + 1;
            int[] picked = pick(i, routes.size(), partners.size());
            String route = routes.get(picked[0]);
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve(route.formatted(partners.get(picked[1]))))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + tokens.get(picked[1])).GET().build();
            if (!inFlight.tryAcquire(Math.max(1, cutOff - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                sent = i;
                break;
            }
            boolean recorded = System.nanoTime() >= windowStart;
            if (recorded) {
                if (recordedSent == 0) {
                    recordingStarts.run();
                }
                recordedSent++;
            }
            outstanding.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long answered = System.nanoTime();
                long latency = answered - due;
                outstanding.decrementAndGet();
                inFlight.release();
                if (failure == null && answered >= windowStart && answered < windowEnd) {
                    servedInWindow.incrementAndGet();
                }
                if (!recorded) {
                    return;
                }
                if (failure != null) {
                    failed.incrementAndGet();
                    return;
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    ok.incrementAndGet();
                } else if (status == 404) {
                    notFound.incrementAndGet();
                } else if (status == 429) {
                    tooMany.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                overall.recordNanos(latency);
                perRoute.get(name(route)).recordNanos(latency);
            });
            lastSent = System.nanoTime();
        }
        double achieved = sent / ((lastSent - start) / 1e9);
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        Map<String, Latencies.Summary> routeSummaries = new LinkedHashMap<>();
        perRoute.forEach((route, latencies) -> routeSummaries.put(route, latencies.summary()));
        Outcome outcome = new Outcome(overall.summary(), routeSummaries, total - warmupCount, recordedSent, ok.get(),
                notFound.get(), tooMany.get(), other.get(), failed.get(), outstanding.get(), achieved,
                servedInWindow.get() / (length.toNanos() / 1e9));
        executor.shutdownNow();
        return outcome;
    }

    /** {@code /api/partners/%s/commissions?month=2026-10} → {@code commissions}. */
    static String name(String route) {
        String path = route.contains("?") ? route.substring(0, route.indexOf('?')) : route;
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
