package dev.prm.platform.clock;

import java.time.Duration;
import java.time.Instant;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Work run at a fixed delay on a daemon thread of its own (Spring's {@link ThreadPoolTaskScheduler} of one thread)
 * while the application runs. A round that fails goes to {@link #failed} and the next round tries again. Stopping
 * interrupts a round in flight and waits for it, so it ends before the data source closes.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final int SECONDS_TO_FINISH_A_ROUND = 10;

    private final String threadName;
    private final Duration initialDelay;
    private final Duration interval;
    private ThreadPoolTaskScheduler scheduler;

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
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadFactory(Thread.ofPlatform().name(threadName).daemon().factory());
        scheduler.setAwaitTerminationSeconds(SECONDS_TO_FINISH_A_ROUND);
        scheduler.initialize();
        scheduler.execute(this::onThreadStart);
        scheduler.scheduleWithFixedDelay(this::round, Instant.now().plus(initialDelay), interval);
    }

    /** Runs {@code action} once on the task's thread after {@code delay}; false if the task is not running. */
    protected synchronized boolean later(Duration delay, Runnable action) {
        if (scheduler == null) {
            return false;
        }
        scheduler.schedule(action, Instant.now().plus(delay));
        return true;
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
