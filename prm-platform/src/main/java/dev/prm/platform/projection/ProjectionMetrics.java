package dev.prm.platform.projection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.prm.platform.clock.PeriodicTask;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code prm_projection_behind_events{processor}}: stored events a processor has not applied yet, the lag
 * between the event store and the read side (Kafka's side is the consumer lag). Read every two seconds in
 * the background, so a scrape never waits on the database.
 */
public class ProjectionMetrics extends PeriodicTask {

    private static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final ProjectionPositions positions;
    private final MeterRegistry registry;
    private final Map<String, Long> behind = new ConcurrentHashMap<>();

    public ProjectionMetrics(ProjectionPositions positions, MeterRegistry registry) {
        super("projection-metrics", REFRESH, REFRESH);
        this.positions = positions;
        this.registry = registry;
    }

    @Override
    protected void runOnce() {
        for (ProjectionPositions.ProcessorStatus status : positions.status().processors()) {
            if (behind.put(status.name(), status.behind()) == null) {
                Gauge.builder("prm.projection.behind", behind, values -> values.getOrDefault(status.name(), 0L))
                        .description("Stored events the processor has not applied yet")
                        .baseUnit("events")
                        .tag("processor", status.name())
                        .register(registry);
            }
        }
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.debug("Projection positions unavailable: {}", failure.toString());
    }
}
