package dev.prm.registration.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.registration.domain.RejectionReason;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The registration gauges from registration-service's own schema on a real PostgreSQL, and the decision counters. */
class RegistrationBusinessMetricsTest {

    private static final Instant FEB_1 = Instant.parse("2022-02-01T00:00:00Z");

    private static JdbcTemplate jdbc;

    /** Prometheus' registry: its names are those the dashboards and alerts query. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BusinessGauges gauges = new BusinessGauges(registry, Duration.ofSeconds(15));
    private RegistrationBusinessMetrics metrics;

    @BeforeAll
    static void database() {
        TestInfrastructure.PostgresServer server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.createDatabase("registration_metrics_test"),
                server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void empty() {
        jdbc.update("truncate over_cap_period, registration_view, channel_conflict");
        metrics = new RegistrationBusinessMetrics(jdbc, registry, gauges);
    }

    @Test
    void partners_over_cap_are_those_with_an_open_period_split_by_whether_the_deadline_passed() {
        overCap("within-deadline", FEB_1, null, null);
        overCap("past-deadline", FEB_1, Instant.parse("2022-04-01T00:00:00Z"), null);
        overCap("restored", FEB_1, Instant.parse("2022-04-01T00:00:00Z"), Instant.parse("2022-04-10T00:00:00Z"));
        // an earlier period ended, a new one open: one partner
        overCap("twice", FEB_1, null, Instant.parse("2022-03-01T00:00:00Z"));
        overCap("twice", Instant.parse("2022-06-01T00:00:00Z"), null, null);

        gauges.refresh();

        assertThat(overCap("false")).isEqualTo(2);
        assertThat(overCap("true")).isEqualTo(1);
    }

    @Test
    void active_registrations_are_neither_released_nor_expired_and_open_conflicts_are_unresolved() {
        registration("p1", "a.example.com", null, null);
        registration("p1", "b.example.com", FEB_1, null);
        registration("p2", "c.example.com", null, FEB_1);
        registration("p2", "d.example.com", null, null);
        registration("p3", "a.example.com", null, null);
        conflict("k1", null);
        conflict("k2", "CO_SELL");
        conflict("k3", null);

        gauges.refresh();

        assertThat(registry.get("prm.registrations.active").gauge().value()).isEqualTo(3);
        assertThat(registry.get("prm.channel.conflicts.open").gauge().value()).isEqualTo(2);
        assertThat(overCap("false")).as("both rows present at 0").isZero();
        assertThat(overCap("true")).isZero();
    }

    @Test
    void prometheus_sees_the_names_the_dashboards_query() {
        overCap("p1", FEB_1, null, null);
        registration("p1", "a.example.com", null, null);
        conflict("k1", null);
        gauges.refresh();
        metrics.rejected(RejectionReason.INVALID_DOMAIN);

        assertThat(registry.scrape()).contains("prm_partners_over_cap{deadline_passed=\"false\"} 1.0",
                "prm_partners_over_cap{deadline_passed=\"true\"} 0.0", "prm_registrations_active 1.0",
                "prm_channel_conflicts_open 1.0", "prm_registration_decisions_total{decision=\"registered\",reason=\"NONE\"} 0.0",
                "prm_registration_decisions_total{decision=\"rejected\",reason=\"INVALID_DOMAIN\"} 1.0");
    }

    @Test
    void decisions_are_counted_from_zero_by_decision_and_reason() {
        assertThat(registry.find("prm.registration.decisions").counters()).as("registered + one per reason")
                .hasSize(1 + RejectionReason.values().length)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());

        metrics.registered();
        metrics.registered();
        metrics.rejected(RejectionReason.CAP_REACHED);

        assertThat(decisions("registered", "NONE")).isEqualTo(2);
        assertThat(decisions("rejected", "CAP_REACHED")).isEqualTo(1);
        assertThat(decisions("rejected", "INVALID_DOMAIN")).isZero();
    }

    private double overCap(String deadlinePassed) {
        return registry.get("prm.partners.over.cap").tag("deadline_passed", deadlinePassed).gauge().value();
    }

    private double decisions(String decision, String reason) {
        return registry.get("prm.registration.decisions").tags("decision", decision, "reason", reason).counter().count();
    }

    private static void overCap(String partner, Instant since, Instant deadlinePassedAt, Instant restoredAt) {
        jdbc.update("""
                insert into over_cap_period (partner_id, since, cap, active, deadline, deadline_passed_at, restored_at)
                values (?, ?, 10, 12, ?, ?, ?)""",
                partner, Timestamp.from(since), Timestamp.from(since.plus(Duration.ofDays(60))), timestamp(deadlinePassedAt),
                timestamp(restoredAt));
    }

    private static void registration(String partner, String domain, Instant releasedAt, Instant expiredAt) {
        jdbc.update("""
                insert into registration_view (partner_id, domain, registered_at, valid_until, released_at, expired_at)
                values (?, ?, ?, ?, ?, ?)""",
                partner, domain, Timestamp.from(Instant.parse("2022-01-10T00:00:00Z")),
                Timestamp.from(Instant.parse("2022-07-10T00:00:00Z")), timestamp(releasedAt), timestamp(expiredAt));
    }

    private static void conflict(String id, String resolution) {
        jdbc.update("""
                insert into channel_conflict (conflict_id, partner_id, domain, direct_owner_id, origin, opened_at, resolution, resolved_at)
                values (?, 'p1', ?, 'direct-1', 'KAFKA', ?, ?, ?)""",
                id, id + ".example.com", Timestamp.from(FEB_1), resolution, resolution == null ? null : Timestamp.from(FEB_1));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
