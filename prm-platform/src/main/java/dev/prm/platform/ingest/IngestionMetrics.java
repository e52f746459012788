package dev.prm.platform.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.prm.contracts.InvalidEventException;
import dev.prm.platform.metrics.StageCpu;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Events consumed (by outcome), dead-lettered and skipped (by reason), processing lag and batch durations. Meters are
 * looked up once per tag combination and kept: these are recorded for every event.
 */
public class IngestionMetrics {

    private final MeterRegistry registry;
    private final StageCpu stages;
    private final Map<List<String>, Counter> consumedCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> lagTimers = new ConcurrentHashMap<>();

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stages = new StageCpu(registry);
    }

    /** CPU by stage of the way in; the event store's appends count theirs here too. */
    public StageCpu stages() {
        return stages;
    }

    /**
     * Counts dead letters and skipped messages from 0 for every reason on each topic, so the first of a kind shows as an
     * increase (a counter born at 1 hides it from {@code increase()} and from the alerts).
     */
    public void expectDeadLetters(Collection<String> topics) {
        for (String topic : topics) {
            for (InvalidEventException.Reason reason : InvalidEventException.Reason.values()) {
                deadLetterCounter(topic, reason.name());
                skippedCounter(topic, reason.name());
            }
        }
    }

    public void consumed(String topic, String type, Outcome outcome) {
        consumedCounters.computeIfAbsent(List.of(topic, type, outcome.name()), key -> Counter.builder("prm.events.consumed")
                .description("Inbound events by outcome")
                .tags("topic", topic, "type", type, "outcome", outcome.name().toLowerCase())
                .register(registry)).increment();
    }

    public void deadLettered(String topic, String reason) {
        deadLetterCounter(topic, reason).increment();
    }

    private Counter deadLetterCounter(String topic, String reason) {
        return Counter.builder("prm.events.dead.lettered")
                .description("Inbound messages sent to <topic>.DLT")
                .tags("topic", topic, "reason", reason)
                .register(registry);
    }

    /** A message refused for {@code reason} that could not be dead-lettered either (too large for the dead-letter topic). */
    public void skipped(String topic, String reason) {
        skippedCounter(topic, reason).increment();
    }

    private Counter skippedCounter(String topic, String reason) {
        return Counter.builder("prm.events.skipped")
                .description("Inbound messages refused and not dead-lettered either (the dead letter was refused): logged, skipped")
                .tags("topic", topic, "reason", reason)
                .register(registry);
    }

    /** Time from the broker accepting a message to its effect being committed here. */
    public void processingLag(String topic, long recordTimestampMillis) {
        long lag = Math.max(0, System.currentTimeMillis() - recordTimestampMillis);
        lagTimers.computeIfAbsent(topic, key -> Timer.builder("prm.events.processing.lag")
                .description("From append to the inbound topic to the committed effect")
                .tags("topic", topic)
                .publishPercentileHistogram()
                .register(registry)).record(lag, TimeUnit.MILLISECONDS);
    }

    /** A transaction rolled back on a transient failure (a concurrent writer, the database away): its batch is retried. */
    public void retried(Throwable failure) {
        Counter.builder("prm.ingest.retries")
                .description("Ingestion transactions rolled back on a transient failure; the batch is retried")
                .tag("cause", failure.getClass().getSimpleName())
                .register(registry).increment();
    }

    public void batch(int size, Duration took) {
        Timer.builder("prm.ingest.batch")
                .description("One transaction per Kafka poll batch")
                .register(registry).record(took);
        registry.summary("prm.ingest.batch.size").record(size);
    }

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        IGNORED
    }
}
