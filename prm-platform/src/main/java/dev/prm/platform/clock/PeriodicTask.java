package dev.prm.platform.clock;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Work run at a fixed delay on a daemon thread of its own while the application runs. A round that fails goes to
 * {@link #failed} and the next round tries again.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String threadName;
    private final Duration initialDelay;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    protected PeriodicTask(String threadName, Duration initialDelay, Duration interval) {
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One round of the work. */
    protected abstract void runOnce();

    /** A round failed; the next one tries again. */
    protected abstract void failed(RuntimeException failure);

    /** Runs once on the task's thread before its first round. */
    protected void onThreadStart() {
    }

    private void round() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
        scheduler.execute(this::onThreadStart);
        scheduler.scheduleWithFixedDelay(this::round, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} once on the task's thread after {@code delay}; false if the task is not running. */
    protected synchronized boolean later(Duration delay, Runnable action) {
        if (scheduler == null) {
            return false;
        }
        scheduler.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
        return true;
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
