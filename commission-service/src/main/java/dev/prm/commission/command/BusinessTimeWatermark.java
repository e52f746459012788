package dev.prm.commission.command;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The business time up to which month ends have been settled, and the lock that keeps it true. A batch of
 * facts reads it holding the clock lock shared; a step of business time takes the lock exclusively before
 * settling partners. So they never interleave: either the step sees the batch's facts (and partners), or
 * the batch sees the step's time and catches up itself. Without it, a fact could miss a month end for good.
 */
@Component
public class BusinessTimeWatermark {

    private final JdbcTemplate jdbc;

    BusinessTimeWatermark(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** For a batch of facts; held until its transaction ends. @return {@code null} before business time has advanced */
    public Instant current() {
        jdbc.queryForList("select id from commission_clock_lock where id = 1 for share", Integer.class);
        List<Timestamp> rows = jdbc.queryForList("select business_now from business_time where id = 1", Timestamp.class);
        return rows.isEmpty() ? null : rows.getFirst().toInstant();
    }

    /** For a step of business time: waits for the batches under way, holds off new ones until it commits. */
    void lockForStep() {
        jdbc.queryForList("select id from commission_clock_lock where id = 1 for update", Integer.class);
    }
}
