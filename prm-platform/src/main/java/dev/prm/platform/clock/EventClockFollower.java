package dev.prm.platform.clock;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * {@code event} mode with several instances: an instance that reads no ticks itself (they share one partition)
 * still answers its read side at the business time the others stored. Ingestion catches up on every batch;
 * this covers an instance with nothing to ingest.
 */
public class EventClockFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventClockFollower.class);

    private final BusinessTimeAdvancer advancer;
    private ScheduledExecutorService scheduler;

    public EventClockFollower(BusinessTimeAdvancer advancer) {
        this.advancer = advancer;
    }

    private void follow() {
        try {
            advancer.catchUp();
        } catch (RuntimeException e) {
            log.debug("Business time not readable now: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("business-time-follower").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::follow, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
