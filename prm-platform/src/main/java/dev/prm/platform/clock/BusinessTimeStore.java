package dev.prm.platform.clock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** The service's business time, persisted so that a restart resumes where it stood. */
public class BusinessTimeStore {

    private final JdbcTemplate jdbc;

    public BusinessTimeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the row until the end of the transaction, so two consumers never advance time twice. */
    public Instant currentForUpdate() {
        List<Timestamp> rows = jdbc.queryForList("select business_now from business_time where id = 1 for update", Timestamp.class);
        return rows.isEmpty() ? null : rows.getFirst().toInstant();
    }

    /**
     * Holds steps off until the end of the transaction: a step ({@link #currentForUpdate}) waits for the transactions
     * that read this, and transactions that start after it wait for the step to commit.
     */
    public Instant currentHoldingStepsOff() {
        List<Timestamp> rows = jdbc.queryForList("select business_now from business_time where id = 1 for share", Timestamp.class);
        return rows.isEmpty() ? null : rows.getFirst().toInstant();
    }

    public Instant current() {
        List<Timestamp> rows = jdbc.queryForList("select business_now from business_time where id = 1", Timestamp.class);
        return rows.isEmpty() ? null : rows.getFirst().toInstant();
    }

    public void save(Instant now) {
        jdbc.update("""
                insert into business_time (id, business_now) values (1, ?)
                on conflict (id) do update set business_now = excluded.business_now""", Timestamp.from(now));
    }
}
