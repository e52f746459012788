package dev.prm.registration.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.testsupport.TestInfrastructure;

/** SPEC B3 across services, on a real PostgreSQL: a tick waits for tier-service's watermark on every partition. */
class TierDecisionsAwaitedTest {

    private static final Instant FEB_1 = Instant.parse("2022-02-01T00:00:00Z");
    private static final Instant MARCH_1 = Instant.parse("2022-03-01T00:00:00Z");

    private static JdbcTemplate jdbc;
    private final TierDecisionsAwaited awaited = new TierDecisionsAwaited(jdbc);

    @BeforeAll
    static void database() {
        var server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                server.createDatabase("registration_watermark_test"), server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void empty() {
        jdbc.update("truncate tier_watermark");
    }

    @Test
    void B3_a_tick_waits_until_every_partition_of_tier_events_has_a_watermark_at_or_after_it() {
        assertThat(awaited.satisfiedFor(FEB_1)).as("no tier decisions seen yet").isFalse();
        for (int partition = 0; partition < 3; partition++) {
            awaited.record(new TierDecisionsWatermark(FEB_1, partition, 4));
        }
        assertThat(awaited.satisfiedFor(FEB_1)).as("one partition still behind").isFalse();
        awaited.record(new TierDecisionsWatermark(MARCH_1, 3, 4));
        assertThat(awaited.satisfiedFor(FEB_1)).isTrue();
        assertThat(awaited.satisfiedFor(MARCH_1)).isFalse();
    }

    @Test
    void B3_a_watermark_taken_in_again_or_late_never_moves_a_partition_back() {
        for (int partition = 0; partition < 4; partition++) {
            awaited.record(new TierDecisionsWatermark(MARCH_1, partition, 4));
        }
        awaited.record(new TierDecisionsWatermark(FEB_1, 2, 4));
        assertThat(awaited.satisfiedFor(MARCH_1)).isTrue();
    }
}
