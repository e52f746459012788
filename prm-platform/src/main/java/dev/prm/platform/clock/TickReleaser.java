package dev.prm.platform.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code event} mode: puts held ticks into effect, in time order, as soon as their barrier is passed (see
 * {@link TickBarrier}). Every instance runs one; the first to delete a pending tick takes its step.
 */
public class TickReleaser implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TickReleaser.class);

    private final TickBarrier barrier;
    private final BusinessTimeAdvancer advancer;
    private final TransactionTemplate transaction;
    private final Duration interval;
    private final Runnable onReleasingThread;
    private final List<Runnable> rollbackHooks;
    private ScheduledExecutorService scheduler;

    /**
     * @param onReleasingThread run once on the releasing thread before its first step (e.g. to let it cache aggregates)
     * @param rollbackHooks     run after a step rolled back (e.g. to evict cached aggregates), as the ingestion does
     */
    public TickReleaser(TickBarrier barrier, BusinessTimeAdvancer advancer, TransactionTemplate transaction,
                        Duration interval, Runnable onReleasingThread, List<Runnable> rollbackHooks) {
        this.barrier = barrier;
        this.advancer = advancer;
        this.transaction = transaction;
        this.interval = interval;
        this.onReleasingThread = onReleasingThread;
        this.rollbackHooks = rollbackHooks;
    }

    /** Releases every tick that is due now; returns how many took effect here. */
    public int releaseDue() {
        int released = 0;
        Optional<Instant> due;
        while ((due = barrier.nextDue()).isPresent()) {
            Instant tick = due.get();
            Boolean taken;
            try {
                taken = transaction.execute(status -> {
                    advancer.lockTime(); // before the pending row: ingestion transactions hold time, then insert ticks
                    if (!barrier.take(tick)) {
                        return false;
                    }
                    advancer.advanceTo(tick);
                    return true;
                });
            } catch (RuntimeException failure) {
                rollbackHooks.forEach(Runnable::run);
                throw failure;
            }
            if (Boolean.TRUE.equals(taken)) {
                released++;
                log.info("Tick {} took effect", tick);
            }
        }
        return released;
    }

    private void release() {
        try {
            releaseDue();
        } catch (RuntimeException e) {
            log.warn("Held ticks could not be released now; retrying: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tick-releaser").daemon().factory());
        scheduler.execute(onReleasingThread);
        scheduler.scheduleWithFixedDelay(this::release, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
