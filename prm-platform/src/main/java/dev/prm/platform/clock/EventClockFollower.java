package dev.prm.platform.clock;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code event} mode with several instances: an instance that reads no ticks itself (they share one partition)
 * still answers its read side at the business time the others stored. Ingestion catches up on every batch;
 * this covers an instance with nothing to ingest.
 */
public class EventClockFollower extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventClockFollower.class);

    private final BusinessTimeAdvancer advancer;

    public EventClockFollower(BusinessTimeAdvancer advancer) {
        super("business-time-follower", Duration.ofSeconds(1), Duration.ofSeconds(1));
        this.advancer = advancer;
    }

    @Override
    protected void runOnce() {
        advancer.catchUp();
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.debug("Business time not readable now: {}", failure.toString());
    }
}
