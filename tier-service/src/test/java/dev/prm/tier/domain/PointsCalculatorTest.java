package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;

class PointsCalculatorTest {

    private final PointsCalculator calculator = new PointsCalculator(ProgramDefaults.pointsPolicy());

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void T5_sold_points_count_in_the_12_and_6_month_windows_and_managed_points_at_the_instant() {
        List<DealFacts> deals = List.of(
                new DealFacts("old", "a.com", "US", new Money("1000", "USD"), at("2023-03-31T00:00:00Z")),   // 50, 12m only
                new DealFacts("new", "b.com", "US", new Money("200", "USD"), at("2023-12-31T23:00:00Z")),   // 10, both
                new DealFacts("out", "c.com", "US", new Money("9999", "USD"), at("2023-03-01T00:00:00Z"))); // edge: out
        List<AccountPeriod> accounts = List.of(
                new AccountPeriod("acc", "d.com", "IN", new Money("300", "USD"), at("2023-01-01T00:00:00Z"), null),     // 3 × 2
                new AccountPeriod("gone", "e.com", "US", new Money("500", "USD"), at("2023-01-01T00:00:00Z"),
                        at("2024-03-01T00:00:00Z")));                                                                      // until is exclusive

        PointsSummary points = calculator.summaryAt(at("2024-03-01T00:00:00Z"), deals, accounts);

        assertThat(points.sold12m()).isEqualByComparingTo("60");
        assertThat(points.sold6m()).isEqualByComparingTo("10");
        assertThat(points.managed()).isEqualByComparingTo("6");
        assertThat(points.total12m()).isEqualByComparingTo("66");
        assertThat(points.total6m()).isEqualByComparingTo("16");
    }

    @Test
    void T3_managed_points_use_the_tables_in_force_at_the_instant_asked_and_sold_points_those_at_the_close() {
        Money yen = new Money("14400", "JPY");
        DealFacts closedIn2023 = new DealFacts("d", "a.jp", "JP", yen, at("2023-06-01T00:00:00Z"));
        AccountPeriod managedSince2023 = new AccountPeriod("a", "b.jp", "JP", yen, at("2023-06-01T00:00:00Z"), null);

        PointsSummary points = calculator.summaryAt(at("2024-03-01T00:00:00Z"), List.of(closedIn2023), List.of(managedSince2023));

        assertThat(points.sold12m()).as("12000 JPY per unit at the close").isEqualByComparingTo("6.00");
        assertThat(points.managed()).as("14400 JPY per unit from 2024-02-27").isEqualByComparingTo("1.00");
    }
}
