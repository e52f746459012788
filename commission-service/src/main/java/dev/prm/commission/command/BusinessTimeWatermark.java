package dev.prm.commission.command;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The business time up to which month ends have been settled, and the lock that keeps it true. A batch of
 * facts reads it holding the clock lock shared; a step of business time takes the lock exclusively before
 * settling partners. So they never interleave: either the step sees the batch's facts (and partners), or
 * the batch sees the step's time and catches up itself. Without it, a fact could miss a month end for good.
 */
@Component
public class BusinessTimeWatermark {

    private static final Object NOT_YET = new Object();

    private final JdbcTemplate jdbc;

    BusinessTimeWatermark(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * For a batch of facts; held until its transaction ends. Read once per transaction: while the shared lock is
     * held no step can move it, so every later fact of the transaction gets the same answer without a round trip.
     * @return {@code null} before business time has advanced
     */
    public Instant current() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            Object read = TransactionSynchronizationManager.getResource(this);
            if (read != null) {
                return read == NOT_YET ? null : (Instant) read;
            }
            Instant now = readHoldingSharedLock();
            TransactionSynchronizationManager.bindResource(this, now == null ? NOT_YET : now);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BusinessTimeWatermark.this);
                }
            });
            return now;
        }
        return readHoldingSharedLock();
    }

    private Instant readHoldingSharedLock() {
        jdbc.queryForList("select id from commission_clock_lock where id = 1 for share", Integer.class);
        List<Timestamp> rows = jdbc.queryForList("select business_now from business_time where id = 1", Timestamp.class);
        return rows.isEmpty() ? null : rows.getFirst().toInstant();
    }

    /** For a step of business time: waits for the batches under way, holds off new ones until it commits. */
    void lockForStep() {
        TransactionSynchronizationManager.unbindResourceIfPossible(this); // facts after the step read the new time
        jdbc.queryForList("select id from commission_clock_lock where id = 1 for update", Integer.class);
    }
}
