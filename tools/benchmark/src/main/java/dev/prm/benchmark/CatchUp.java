package dev.prm.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits until every service has taken in everything published: polls every 250 ms (a) the service's consumer group
 * lag on its topics and (b) once that is 0 (every 5 s before), its tracking processors
 * ({@code GET /actuator/projections}: behind == 0 for all), and prints progress every 5 s. A service counts as caught up only once the publisher is done and the service whose
 * published events it reads is caught up, so a momentary zero lag in between does not count.
 */
final class CatchUp {

    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * While a service's consumers are behind, its processors cannot be caught up: its routes are asked this seldom,
     * for progress and stall detection, so that the benchmark's questions do not weigh on what it measures.
     */
    private static final Duration ASK_WHILE_BEHIND = Duration.ofSeconds(5);
    private static final Duration PROGRESS = Duration.ofSeconds(5);
    /** A service nothing listens for for this long has stopped (its log says why). */
    private static final Duration DOWN = Duration.ofSeconds(30);

    /** What a service last answered about its processors and the ticks waiting to take effect. */
    private record Asked(StackClient.Projections projections, long pendingTicks) {
    }

    /** Nanos since the reference instant; -1 when it did not happen. */
    record Result(Service service, long kafkaNanos, long projectionsNanos, long eventsOnTopics, long head) {
    }

    private final ConsumerLag lag;
    /** What the running {@link #await} has seen caught up so far, and where the others stand (for a partial report). */
    private volatile Map<Service, Result> finished = Map.of();
    private volatile Map<Service, String> pending = Map.of();
    private final StackClient stack;
    private final Map<Service, URI> services;

    CatchUp(ConsumerLag lag, StackClient stack, Map<Service, URI> services) {
        this.lag = lag;
        this.stack = stack;
        this.services = services;
    }

    /** Sum of end offsets of each service's topics now: the start line for counting the events it took in. */
    Map<Service, Long> endOffsets() {
        Map<Service, Long> ends = new EnumMap<>(Service.class);
        services.keySet().forEach(service -> ends.put(service, lag.endOffsets(service.topics())));
        return ends;
    }

    /**
     * @param startNanos   the reference instant (the first publish)
     * @param publishDone  true once the publisher has sent and flushed everything
     * @param sent         how many the publisher has sent so far (progress only)
     * @param total        how many it will send (progress only)
     * @param startOffsets {@link #endOffsets()} before the first publish
     */
    Map<Service, Result> await(String label, long startNanos, BooleanSupplier publishDone, LongSupplier sent, long total,
                               Map<Service, Long> startOffsets, Duration timeout, Duration stallTimeout) throws InterruptedException {
        Map<Service, Long> kafkaAt = new EnumMap<>(Service.class);
        Map<Service, Long> projectionsAt = new EnumMap<>(Service.class);
        Map<Service, Long> eventsOnTopics = new EnumMap<>(Service.class);
        Map<Service, Long> heads = new EnumMap<>(Service.class);
        Map<Service, Long> lastAnswer = new EnumMap<>(Service.class);
        Map<Service, Asked> asked = new EnumMap<>(Service.class);
        Map<Service, String> state = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Service, Result> done = new java.util.concurrent.ConcurrentHashMap<>();
        finished = done;
        pending = state;
        Map<Service, Long> marks = new EnumMap<>(Service.class);
        Map<Service, Long> lastMove = new EnumMap<>(Service.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS.toNanos();
        services.keySet().forEach(service -> {
            lastAnswer.put(service, System.nanoTime());
            lastMove.put(service, System.nanoTime());
        });
        while (projectionsAt.size() < services.size()) {
            long pollStart = System.nanoTime();
            boolean published = publishDone.getAsBoolean();
            List<String> stalled = new ArrayList<>();
            for (Service service : services.keySet()) {
                if (projectionsAt.containsKey(service)) {
                    continue;
                }
                ConsumerLag.Snapshot snapshot;
                StackClient.Projections projections;
                long pendingTicks;
                try {
                    snapshot = lag.snapshot(service.id(), service.topics());
                    if (snapshot.lag() == 0 || !asked.containsKey(service)
                            || System.nanoTime() - lastAnswer.get(service) > ASK_WHILE_BEHIND.toNanos()) {
                        asked.put(service, new Asked(stack.projections(services.get(service)), stack.pendingTicks(services.get(service))));
                        lastAnswer.put(service, System.nanoTime());
                    }
                    projections = asked.get(service).projections();
                    pendingTicks = asked.get(service).pendingTicks();
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof java.net.ConnectException && System.nanoTime() - lastAnswer.get(service) > DOWN.toNanos()) {
                        throw new IllegalStateException(label + ": " + service.id() + " is down: " + e.getMessage(), e);
                    }
                    if (System.nanoTime() - lastAnswer.get(service) > stallTimeout.toNanos()) {
                        throw new IllegalStateException(label + ": no answer about " + service.id() + " for "
                                + stallTimeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                    state.put(service, "no answer (" + e.getMessage() + ")");
                    continue;
                }
                long now = System.nanoTime();
                long mark = snapshot.committedSum() + projections.positionSum() - pendingTicks;
                if (!Long.valueOf(mark).equals(marks.put(service, mark))) {
                    lastMove.put(service, now);
                }
                // caught up: nothing left on its topics, no tick waiting to take effect (its step decides), processors at the head
                boolean idle = snapshot.lag() == 0 && pendingTicks == 0 && projections.caughtUp(name -> true);
                if (published && !idle && now - lastMove.get(service) > stallTimeout.toNanos()) {
                    stalled.add(service.id());
                }
                heads.put(service, projections.head());
                boolean upstreamDone = service.upstream().filter(services::containsKey).map(projectionsAt::containsKey).orElse(true);
                if (published && upstreamDone && !kafkaAt.containsKey(service) && snapshot.lag() == 0) {
                    kafkaAt.put(service, now - startNanos);
                    eventsOnTopics.put(service, snapshot.endOffsetSum() - startOffsets.getOrDefault(service, 0L));
                }
                if (kafkaAt.containsKey(service) && idle) {
                    projectionsAt.put(service, now - startNanos);
                    done.put(service, new Result(service, kafkaAt.get(service), now - startNanos, eventsOnTopics.get(service),
                            projections.head()));
                }
                state.put(service, "lag " + ResultTable.count(snapshot.lag()) + ", ticks waiting " + pendingTicks + ", behind: "
                        + projections.describe(name -> true)
                        + (kafkaAt.containsKey(service) ? " [kafka caught up]" : ""));
            }
            long now = System.nanoTime();
            if (now > nextProgress || projectionsAt.size() == services.size()) {
                nextProgress = now + PROGRESS.toNanos();
                System.out.println(progress(label, now - startNanos, sent.getAsLong(), total, published, state, projectionsAt));
            }
            if (projectionsAt.size() == services.size()) {
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException(label + ": not caught up within " + timeout.toMinutes() + " min: " + behind(state, projectionsAt));
            }
            if (!stalled.isEmpty()) {
                throw new IllegalStateException(label + ": " + String.join(", ", stalled) + " made no progress for "
                        + stallTimeout.toSeconds() + " s (no offset committed, no processor moved; see its log): "
                        + behind(state, projectionsAt));
            }
            long sleep = pollStart + POLL.toNanos() - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        Map<Service, Result> results = new EnumMap<>(Service.class);
        for (Service service : services.keySet()) {
            results.put(service, new Result(service, kafkaAt.getOrDefault(service, -1L), projectionsAt.getOrDefault(service, -1L),
                    eventsOnTopics.getOrDefault(service, 0L), heads.getOrDefault(service, -1L)));
        }
        return results;
    }

    /** Services the running (or last) wait saw caught up. */
    Map<Service, Result> finished() {
        return Map.copyOf(finished);
    }

    /** Where the services not caught up stand: {@code service lag …, behind: …}. */
    String pending() {
        Map<Service, String> state = pending;
        Map<Service, Result> done = finished;
        List<String> parts = new ArrayList<>();
        state.forEach((service, text) -> {
            if (!done.containsKey(service)) {
                parts.add(service.id() + " " + text);
            }
        });
        return String.join("; ", parts);
    }

    private static String progress(String label, long elapsedNanos, long published, long total, boolean done,
                                   Map<Service, String> state, Map<Service, Long> caughtUp) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("[%s %5.0f s]", label, elapsedNanos / 1e9));
        if (total > 0) {
            line.append(" published ").append(ResultTable.count(published)).append('/').append(ResultTable.count(total))
                    .append(done ? " (done)" : "");
        }
        state.forEach((service, text) -> line.append("\n    ").append(String.format("%-21s", service.id()))
                .append(caughtUp.containsKey(service) ? "caught up at " + ResultTable.seconds(caughtUp.get(service) / 1e9) : text));
        return line.toString();
    }

    private static String behind(Map<Service, String> state, Map<Service, Long> caughtUp) {
        List<String> parts = new ArrayList<>();
        state.forEach((service, text) -> {
            if (!caughtUp.containsKey(service)) {
                parts.add(service.id() + " " + text);
            }
        });
        return String.join("; ", parts);
    }
}
