package dev.prm.platform.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.prm.platform.clock.InputPositions;
import dev.prm.platform.projection.ProjectionPositions;

/**
 * {@code /actuator/health/catch-up}: has this service caught up (see {@link CatchUp})? Always UP: being behind
 * during a backlog is normal work, not ill health, so readiness and liveness never depend on it.
 */
public class CatchUpHealthIndicator implements HealthIndicator, AutoCloseable {

    private final InputPositions inputs;
    private final ProjectionPositions projections;
    private final LongSupplier pendingTicks;

    public CatchUpHealthIndicator(InputPositions inputs, ProjectionPositions projections, LongSupplier pendingTicks) {
        this.inputs = inputs;
        this.projections = projections;
        this.pendingTicks = pendingTicks;
    }

    @Override
    public Health health() {
        Map<String, Long> behind = new LinkedHashMap<>();
        projections.status().processors().forEach(processor -> behind.put(processor.name(), processor.behind()));
        long lag;
        try {
            lag = CatchUp.lag(inputs.ends(), inputs.committed());
        } catch (RuntimeException unreachable) {
            return Health.up().withDetail("caughtUp", false)
                    .withDetail("consumerLag", "unknown: " + unreachable.getMessage())
                    .withDetail("processorsBehind", behind).build();
        }
        CatchUp state = new CatchUp(lag, behind, pendingTicks.getAsLong());
        return Health.up().withDetail("caughtUp", state.caughtUp())
                .withDetail("consumerLag", state.consumerLag())
                .withDetail("processorsBehind", state.processorsBehind())
                .withDetail("pendingTicks", state.pendingTicks()).build();
    }

    @Override
    public void close() throws Exception {
        if (inputs instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
