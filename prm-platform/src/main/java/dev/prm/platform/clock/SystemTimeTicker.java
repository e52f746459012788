package dev.prm.platform.clock;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code system} mode: advances business time to the wall clock at a fixed interval, so month ends,
 * expiries and deadlines are acted on without ticks on the business-time topic.
 */
public class SystemTimeTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SystemTimeTicker.class);

    private final BusinessClock clock;
    private final BusinessTimeAdvancer advancer;
    private final TransactionTemplate transaction;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public SystemTimeTicker(BusinessClock clock, BusinessTimeAdvancer advancer, TransactionTemplate transaction, Duration interval) {
        this.clock = clock;
        this.advancer = advancer;
        this.transaction = transaction;
        this.interval = interval;
    }

    void tick() {
        try {
            transaction.executeWithoutResult(status -> advancer.advanceTo(clock.now()));
        } catch (RuntimeException e) {
            log.warn("Business time could not advance; retrying at the next tick", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("business-time-ticker").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
