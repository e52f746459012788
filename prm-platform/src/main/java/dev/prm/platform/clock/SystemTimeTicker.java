package dev.prm.platform.clock;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code system} mode: advances business time to the wall clock at a fixed interval, so month ends,
 * expiries and deadlines are acted on without ticks on the business-time topic.
 */
public class SystemTimeTicker extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(SystemTimeTicker.class);

    private final BusinessClock clock;
    private final BusinessTimeAdvancer advancer;
    private final TransactionTemplate transaction;

    public SystemTimeTicker(BusinessClock clock, BusinessTimeAdvancer advancer, TransactionTemplate transaction, Duration interval) {
        super("business-time-ticker", Duration.ZERO, interval);
        this.clock = clock;
        this.advancer = advancer;
        this.transaction = transaction;
    }

    @Override
    protected void runOnce() {
        transaction.executeWithoutResult(status -> advancer.advanceTo(clock.now()));
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.warn("Business time could not advance; retrying at the next tick", failure);
    }
}
