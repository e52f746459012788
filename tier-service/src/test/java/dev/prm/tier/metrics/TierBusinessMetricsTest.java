package dev.prm.tier.metrics;

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

import dev.prm.contracts.Tier;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** prm_partners{tier} from tier-service's own schema on a real PostgreSQL, and prm_tier_changes_total. */
class TierBusinessMetricsTest {

    private static JdbcTemplate jdbc;

    /** Prometheus' registry: its names are those the dashboards and alerts query. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BusinessGauges gauges = new BusinessGauges(registry, Duration.ofSeconds(15));
    private TierBusinessMetrics metrics;

    @BeforeAll
    static void database() {
        TestInfrastructure.PostgresServer server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.createDatabase("tier_metrics_test"),
                server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void empty() {
        jdbc.update("truncate partner_view, tier_change");
        metrics = new TierBusinessMetrics(jdbc, registry, gauges);
    }

    @Test
    void partners_per_tier_counts_each_known_partner_once_at_its_latest_tier_and_every_tier_is_present() {
        seen("no-change");                                                    // never changed: SOLUTIONS_PARTNER
        seen("promoted-twice");
        change("promoted-twice", "SOLUTIONS_PARTNER", "GOLD", "2022-02-01T00:00:00Z", 10);
        change("promoted-twice", "GOLD", "PLATINUM", "2022-03-01T00:00:00Z", 11);
        seen("demoted");
        change("demoted", "SOLUTIONS_PARTNER", "DIAMOND", "2022-01-05T00:00:00Z", 12);
        change("demoted", "DIAMOND", "PLATINUM", "2022-07-15T00:00:00Z", 13);
        change("demoted", "PLATINUM", "SOLUTIONS_PARTNER", "2023-01-15T00:00:00Z", 14);
        // a tier change the points projection has not seen the partner of yet still counts
        change("tiers-first", "SOLUTIONS_PARTNER", "DIAMOND", "2022-01-05T00:00:00Z", 15);
        // two changes at one instant: the later stored one wins
        seen("same-instant");
        change("same-instant", "SOLUTIONS_PARTNER", "GOLD", "2022-02-01T00:00:00Z", 16);
        change("same-instant", "GOLD", "PLATINUM", "2022-02-01T00:00:00Z", 17);

        gauges.refresh();

        assertThat(partners(Tier.SOLUTIONS_PARTNER)).isEqualTo(2);
        assertThat(partners(Tier.GOLD)).isZero();
        assertThat(partners(Tier.PLATINUM)).isEqualTo(2);
        assertThat(partners(Tier.DIAMOND)).isEqualTo(1);
        assertThat(partners(Tier.ELITE)).isZero();
    }

    @Test
    void prometheus_sees_the_names_the_dashboards_query() {
        seen("p");
        gauges.refresh();
        metrics.tierChanged(Tier.GOLD, Tier.PLATINUM, TierChangeReason.PROMOTION);

        assertThat(registry.scrape()).contains("prm_partners{tier=\"SOLUTIONS_PARTNER\"} 1.0", "prm_partners{tier=\"ELITE\"} 0.0",
                "prm_tier_changes_total{from=\"GOLD\",reason=\"PROMOTION\",to=\"PLATINUM\"} 1.0");
    }

    @Test
    void an_empty_program_shows_every_tier_at_zero() {
        gauges.refresh();
        for (Tier tier : Tier.values()) {
            assertThat(partners(tier)).as(tier.name()).isZero();
        }
    }

    @Test
    void tier_changes_are_counted_by_from_to_and_reason() {
        metrics.tierChanged(Tier.SOLUTIONS_PARTNER, Tier.GOLD, TierChangeReason.PROMOTION);
        metrics.tierChanged(Tier.SOLUTIONS_PARTNER, Tier.GOLD, TierChangeReason.PROMOTION);
        metrics.tierChanged(Tier.GOLD, Tier.SOLUTIONS_PARTNER, TierChangeReason.REEVALUATION);

        assertThat(registry.get("prm.tier.changes").tags("from", "SOLUTIONS_PARTNER", "to", "GOLD", "reason", "PROMOTION")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("prm.tier.changes").tags("from", "GOLD", "to", "SOLUTIONS_PARTNER", "reason", "REEVALUATION")
                .counter().count()).isEqualTo(1);
        assertThat(registry.find("prm.tier.changes").counters()).hasSize(2);
    }

    private double partners(Tier tier) {
        return registry.get("prm.partners").tag("tier", tier.name()).gauge().value();
    }

    private static void seen(String partner) {
        jdbc.update("insert into partner_view (partner_id, first_seen) values (?, ?)", partner,
                Timestamp.from(Instant.parse("2022-01-01T00:00:00Z")));
    }

    private static void change(String partner, String from, String to, String at, long globalIndex) {
        jdbc.update("""
                insert into tier_change (partner_id, effective_at, event_id, from_tier, to_tier, reason, sold12m, sold6m,
                                         managed, thresholds_version, global_index)
                values (?, ?, ?, ?, ?, 'PROMOTION', 0, 0, 0, 'default', ?)""",
                partner, Timestamp.from(Instant.parse(at)), partner + "-" + globalIndex, from, to, globalIndex);
    }
}
