package dev.prm.platform.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code prm_projection_behind_events{processor}}: stored events a processor has not applied yet, the lag
 * between the event store and the read side (Kafka's side is the consumer lag). Read every two seconds in
 * the background, so a scrape never waits on the database.
 */
public class ProjectionMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final ProjectionPositions positions;
    private final MeterRegistry registry;
    private final Map<String, Long> behind = new ConcurrentHashMap<>();
    private ScheduledExecutorService refresher;

    public ProjectionMetrics(ProjectionPositions positions, MeterRegistry registry) {
        this.positions = positions;
        this.registry = registry;
    }

    void refresh() {
        try {
            for (ProjectionPositions.ProcessorStatus status : positions.status().processors()) {
                if (behind.put(status.name(), status.behind()) == null) {
                    Gauge.builder("prm.projection.behind", behind, values -> values.getOrDefault(status.name(), 0L))
                            .description("Stored events the processor has not applied yet")
                            .baseUnit("events")
                            .tag("processor", status.name())
                            .register(registry);
                }
            }
        } catch (RuntimeException unavailable) {
            log.debug("Projection positions unavailable: {}", unavailable.toString());
        }
    }

    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("projection-metrics").factory());
        refresher.scheduleWithFixedDelay(this::refresh, 2, 2, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        refresher = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
