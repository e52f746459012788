package dev.prm.benchmark;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Phase 3: every projection of every service replayed from its event store, timed until each has caught up again. */
final class RebuildPhase {

    private final Bench bench;
    private final BenchOptions options;
    private final StackClient stack;
    private final ResultTable table;

    RebuildPhase(Bench bench) {
        this.bench = bench;
        this.options = bench.options();
        this.stack = bench.stack();
        this.table = bench.table();
    }

    void run() throws Exception {
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
                    ResultTable.rate(rate, "events"), bench.vsPostgresInsert(rate),
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
}
