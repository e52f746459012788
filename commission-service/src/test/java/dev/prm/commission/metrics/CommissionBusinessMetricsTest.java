package dev.prm.commission.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Holds and commission amounts from commission-service's own schema on a real PostgreSQL. */
class CommissionBusinessMetricsTest {

    private static JdbcTemplate jdbc;
    private static final AtomicInteger ENTRIES = new AtomicInteger();

    /** Prometheus' registry: its names are those the dashboards and alerts query. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BusinessGauges gauges = new BusinessGauges(registry, Duration.ofSeconds(15));

    @BeforeAll
    static void database() {
        TestInfrastructure.PostgresServer server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.createDatabase("commission_metrics_test"),
                server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void empty() {
        jdbc.update("truncate commission_entry, commission_hold, commission_hold_release");
        new CommissionBusinessMetrics(jdbc, gauges);
    }

    @Test
    void accrued_is_every_entry_held_is_what_falls_in_an_open_hold_released_what_ended_holds_released() {
        // held: an open hold since April 1; its March accrual (before the hold) is not held, April's and May's are
        hold("held", "2022-04-01", null);
        entry("held", "2022-04-01", "200.00", "USD");
        entry("held", "2022-05-01", "200.00", "USD");
        entry("held", "2022-06-01", "-50.00", "USD");   // a signed adjustment inside the hold
        entry("held", "2022-03-01", "100.00", "USD");
        entry("held", "2022-05-01", "3000", "JPY");
        // released: its hold ended, nothing held any more
        hold("released", "2022-04-01", "2022-05-10");
        entry("released", "2022-05-01", "400.00", "USD");
        release("released", "2022-04-01", "400.00", "USD");
        // never held
        entry("free", "2022-05-01", "12.34", "EUR");

        gauges.refresh();

        assertThat(amount("prm.commission.accrued.amount", "USD")).isEqualTo(850.00);
        assertThat(amount("prm.commission.accrued.amount", "JPY")).isEqualTo(3000);
        assertThat(amount("prm.commission.accrued.amount", "EUR")).isEqualTo(12.34);
        assertThat(amount("prm.commission.held.amount", "USD")).isEqualTo(350.00);
        assertThat(amount("prm.commission.held.amount", "JPY")).isEqualTo(3000);
        assertThat(amount("prm.commission.held.amount", "EUR")).as("a currency with entries shows 0 held").isZero();
        assertThat(amount("prm.commission.released.amount", "USD")).isEqualTo(400.00);
        assertThat(amount("prm.commission.released.amount", "JPY")).isZero();
        assertThat(registry.get("prm.commission.holds.active").gauge().value()).isEqualTo(1);
    }

    @Test
    void prometheus_sees_the_names_the_dashboards_query() {
        hold("p", "2022-04-01", null);
        entry("p", "2022-05-01", "10.50", "USD");
        gauges.refresh();

        assertThat(registry.scrape()).contains("prm_commission_holds_active 1.0", "prm_commission_accrued_amount{currency=\"USD\"} 10.5",
                "prm_commission_held_amount{currency=\"USD\"} 10.5", "prm_commission_released_amount{currency=\"USD\"} 0.0");
    }

    @Test
    void nothing_accrued_and_no_hold_is_zero_holds_and_no_currency_rows() {
        gauges.refresh();

        assertThat(registry.get("prm.commission.holds.active").gauge().value()).isZero();
        assertThat(registry.find("prm.commission.accrued.amount").gauges()).isEmpty();
    }

    @Test
    void a_hold_that_ends_stops_counting_at_the_next_refresh() {
        hold("p", "2022-04-01", null);
        entry("p", "2022-05-01", "10.00", "USD");
        gauges.refresh();
        assertThat(amount("prm.commission.held.amount", "USD")).isEqualTo(10.00);

        jdbc.update("update commission_hold set until = ? where partner_id = 'p'", Timestamp.from(Instant.parse("2022-05-10T00:00:00Z")));
        gauges.refresh();

        assertThat(amount("prm.commission.held.amount", "USD")).isZero();
        assertThat(registry.get("prm.commission.holds.active").gauge().value()).isZero();
    }

    private double amount(String gauge, String currency) {
        return registry.get(gauge).tag("currency", currency).gauge().value();
    }

    private static void hold(String partner, String since, String until) {
        jdbc.update("insert into commission_hold (partner_id, since, until, reason) values (?, ?, ?, 'REGISTRATION_CAP_DEADLINE_PASSED')",
                partner, day(since), until == null ? null : day(until));
    }

    private static void entry(String partner, String monthEnd, String amount, String currency) {
        int n = ENTRIES.incrementAndGet();
        Timestamp end = day(monthEnd);
        jdbc.update("""
                insert into commission_entry (entry_id, partner_id, sequence_number, deal_id, month, month_end, effective_at,
                                              entry_kind, amount, currency, rate, policy_version, partner_kind, status_at_entry)
                values (?, ?, ?, 'd1', ?, ?, ?, 'ACCRUAL', ?, ?, 0.20, 'commission-2022', 'SOLUTIONS_PARTNER', 'PAYABLE')""",
                "e" + n, partner, n, monthEnd.substring(0, 7), end, end, new BigDecimal(amount), currency);
    }

    private static void release(String partner, String since, String amount, String currency) {
        jdbc.update("insert into commission_hold_release (partner_id, since, currency, amount) values (?, ?, ?, ?)",
                partner, day(since), currency, new BigDecimal(amount));
    }

    private static Timestamp day(String date) {
        return Timestamp.from(Instant.parse(date + "T00:00:00Z"));
    }
}
