package dev.prm.commission.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.platform.clock.BusinessTimeStore;
import dev.prm.testsupport.TestInfrastructure;

/** Business time as commission's facts read it: once per transaction, and afresh after a step in the same transaction. */
class BusinessTimeWatermarkTest {

    private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");

    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private BusinessTimeWatermark watermark;

    @BeforeAll
    static void database() {
        var server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.createDatabase("commission_watermark_test"),
                server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @BeforeEach
    void march() {
        new BusinessTimeStore(jdbc).save(MARCH);
        watermark = new BusinessTimeWatermark(jdbc);
    }

    @Test
    void B1_facts_after_a_step_in_the_same_transaction_read_the_new_business_time() {
        Instant[] seen = new Instant[3];
        transaction.executeWithoutResult(status -> {
            seen[0] = watermark.current();
            jdbc.update("update business_time set business_now = ? where id = 1", java.sql.Timestamp.from(APRIL));
            seen[1] = watermark.current(); // no step: still the transaction's first answer (the lock holds steps off)
            watermark.lockForStep();
            seen[2] = watermark.current();
        });

        assertThat(seen).containsExactly(MARCH, MARCH, APRIL);
    }

    @Test
    void each_transaction_reads_business_time_afresh() {
        Instant first = transaction.execute(status -> watermark.current());
        new BusinessTimeStore(jdbc).save(APRIL);
        Instant second = transaction.execute(status -> watermark.current());

        assertThat(first).isEqualTo(MARCH);
        assertThat(second).isEqualTo(APRIL);
    }
}
