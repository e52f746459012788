package dev.prm.platform.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code event} mode: puts held ticks into effect, in time order, as soon as their barrier is passed (see
 * {@link TickBarrier}). Every instance runs one; the first to delete a pending tick takes its step.
 */
public class TickReleaser extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(TickReleaser.class);

    private final TickBarrier barrier;
    private final BusinessTimeAdvancer advancer;
    private final TransactionTemplate transaction;
    private final Runnable onReleasingThread;
    private final List<Runnable> rollbackHooks;

    /**
     * @param onReleasingThread run once on the releasing thread before its first step (e.g. to let it cache aggregates)
     * @param rollbackHooks     run after a step rolled back (e.g. to evict cached aggregates), as the ingestion does
     */
    public TickReleaser(TickBarrier barrier, BusinessTimeAdvancer advancer, TransactionTemplate transaction,
                        Duration interval, Runnable onReleasingThread, List<Runnable> rollbackHooks) {
        super("tick-releaser", interval, interval);
        this.barrier = barrier;
        this.advancer = advancer;
        this.transaction = transaction;
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

    @Override
    protected void runOnce() {
        releaseDue();
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.warn("Held ticks could not be released now; retrying: {}", failure.toString());
    }

    @Override
    protected void onThreadStart() {
        onReleasingThread.run();
    }
}
