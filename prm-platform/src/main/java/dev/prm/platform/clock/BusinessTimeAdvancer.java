package dev.prm.platform.clock;

import java.time.Instant;
import java.util.List;

import dev.prm.platform.tx.AfterCommit;

/**
 * Moves business time forward and lets the service's listeners act on the step. Time never goes back:
 * a tick at or before the current business time is ignored (a replayed or out-of-order tick).
 * Must run inside a transaction; the in-memory clock moves only after it commits.
 */
public class BusinessTimeAdvancer {

    private final BusinessTimeStore store;
    private final List<BusinessTimeListener> listeners;
    private final EventBusinessClock eventClock;
    private final TickBarrier barrier;

    /** Ticks take effect as they are read (no barrier). */
    public BusinessTimeAdvancer(BusinessTimeStore store, List<BusinessTimeListener> listeners, EventBusinessClock eventClock) {
        this(store, listeners, eventClock, null);
    }

    /** @param barrier holds each tick until the facts published before it are taken in (SPEC B3); {@code null}: none */
    public BusinessTimeAdvancer(BusinessTimeStore store, List<BusinessTimeListener> listeners, EventBusinessClock eventClock,
                                TickBarrier barrier) {
        this.store = store;
        this.listeners = listeners;
        this.eventClock = eventClock;
        this.barrier = barrier;
    }

    /**
     * A TimePassed tick was read, inside the transaction that takes it in: with a barrier it is held until the facts
     * published before it are in ({@link TickReleaser} then calls {@link #advanceTo}); without one it takes effect now.
     */
    public void tickRead(Instant tick) {
        if (barrier == null) {
            advanceTo(tick);
            return;
        }
        Instant current = store.current();
        if (current == null || tick.isAfter(current)) {
            barrier.hold(tick);
        }
    }

    /** Locks business time until the end of the transaction (a step is about to be taken). */
    public void lockTime() {
        store.currentForUpdate();
    }

    /**
     * Event mode with several instances: the tick of a step is read by one instance only (ticks share one
     * partition); the others take the step, already decided and stored, from the shared store. Called at the
     * start of each ingestion transaction, and every second for the read side.
     * <p>
     * Inside a transaction it also holds steps off until that transaction ends. A step decides for every partner;
     * facts about the same partners written meanwhile by another instance's transaction would collide with it in
     * the event store (each waiting for the other: a deadlock, one of them rolled back). Now the step waits for the
     * facts under way, and facts wait for the step.
     */
    public void catchUp() {
        if (eventClock != null) {
            Instant stored = store.currentHoldingStepsOff();
            if (stored != null) {
                eventClock.moveTo(stored);
            }
        }
    }

    /** @return whether time moved */
    public boolean advanceTo(Instant now) {
        Instant previous = store.currentForUpdate();
        if (previous != null && !now.isAfter(previous)) {
            return false;
        }
        store.save(now);
        for (BusinessTimeListener listener : listeners) {
            listener.onBusinessTimeAdvanced(previous, now);
        }
        if (eventClock != null) {
            AfterCommit.run(() -> eventClock.moveTo(now));
        }
        return true;
    }
}
