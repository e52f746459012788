package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;

class PointsCalculatorTest {

    private final PointsCalculator calculator = new PointsCalculator(TierDefaults.pointsPolicy());

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

    @Test
    void T3_items_are_rounded_half_up_and_the_totals_are_sums_of_the_rounded_items() {
        Instant close = at("2022-03-10T00:00:00Z");
        // each deal and account is 0.125 or 0.005 points before rounding: 0.13 and 0.01 after
        List<DealFacts> deals = List.of(
                new DealFacts("d1", "a.com", "US", new Money("2.50", "USD"), close),
                new DealFacts("d2", "b.in", "IN", new Money("1.25", "USD"), close),                                    // × 2 (EM)
                new DealFacts("d3", "c.com", "US", new Money("300", "JPY"), close, at("2022-03-20T00:00:00Z")));       // amended to JPY
        List<AccountPeriod> accounts = List.of(
                new AccountPeriod("a1", "x.com", "US", new Money("0.50", "USD"), close, null),
                new AccountPeriod("a2", "y.com", "US", new Money("0.50", "USD"), close, null),
                new AccountPeriod("a3", "z.com", "US", new Money("0.50", "USD"), close, null));

        PointsCalculator.Breakdown breakdown = calculator.at(at("2022-04-01T00:00:00Z"), deals, accounts);

        assertThat(breakdown.deals()).extracting(PointsCalculator.DealLine::points).allSatisfy(points -> assertThat(points).isEqualByComparingTo("0.13"));
        assertThat(breakdown.accounts()).extracting(PointsCalculator.AccountLine::points).allSatisfy(points -> assertThat(points).isEqualByComparingTo("0.01"));
        assertThat(breakdown.summary().sold12m()).as("not 0.38, the rounded sum of 0.375").isEqualByComparingTo("0.39");
        assertThat(breakdown.summary().managed()).as("not 0.02, the rounded sum of 0.015").isEqualByComparingTo("0.03");
        assertThat(breakdown.summary().total12m()).isEqualByComparingTo("0.42");
    }

    @Test
    void T5_the_mrr_in_force_at_d_is_the_latest_amendment_dated_at_or_before_d_and_not_before_the_close() {
        DealFacts.DatedMrr close = new DealFacts.DatedMrr(new Money("100", "USD"), at("2022-03-10T00:00:00Z"));
        List<DealFacts.DatedMrr> takenIn = List.of(
                new DealFacts.DatedMrr(new Money("300", "EUR"), at("2022-05-01T00:00:00Z")),
                new DealFacts.DatedMrr(new Money("200", "USD"), at("2022-04-01T00:00:00Z")),
                new DealFacts.DatedMrr(new Money("999", "USD"), at("2022-03-01T00:00:00Z")),
                new DealFacts.DatedMrr(new Money("250", "USD"), at("2022-04-01T00:00:00Z")));
        assertThat(DealFacts.mrrAt(close, takenIn, at("2022-03-31T00:00:00Z"))).as("the one before the close never applies").isEqualTo(close);
        assertThat(DealFacts.mrrAt(close, takenIn, at("2022-04-01T00:00:00Z")).mrr()).as("of one instant: the last taken in")
                .isEqualTo(new Money("250", "USD"));
        assertThat(DealFacts.mrrAt(close, takenIn, at("2022-06-01T00:00:00Z")).mrr()).isEqualTo(new Money("300", "EUR"));
    }

    @Test
    void B3_account_periods_follow_the_dates_of_the_facts_not_their_arrival() {
        AccountHistory account = new AccountHistory("a1");
        account.managed("x.com", "US", new Money("100", "USD"), at("2022-01-05T00:00:00Z"));
        account.managed("x.com", "US", new Money("300", "USD"), at("2022-03-01T00:00:00Z"));
        account.released(at("2022-04-10T00:00:00Z"));
        account.released(at("2022-01-20T00:00:00Z"));
        account.managed("x.com", "US", new Money("200", "USD"), at("2022-02-10T00:00:00Z"));
        assertThat(account.periods()).extracting(AccountPeriod::from, AccountPeriod::until).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2022-01-05T00:00:00Z"), at("2022-01-20T00:00:00Z")),
                org.assertj.core.groups.Tuple.tuple(at("2022-02-10T00:00:00Z"), at("2022-03-01T00:00:00Z")),
                org.assertj.core.groups.Tuple.tuple(at("2022-03-01T00:00:00Z"), at("2022-04-10T00:00:00Z")));
    }

    @Test
    void T5_a_calculator_that_remembers_sold_points_sums_as_the_plain_one_at_every_month_end() {
        PointsCalculator remembering = PointsCalculator.rememberingSoldPoints(TierDefaults.pointsPolicy());
        DealFacts.DatedMrr close = new DealFacts.DatedMrr(new Money("1000", "USD"), at("2022-01-10T00:00:00Z"));
        List<DealHistory> deals = List.of(
                new DealHistory("d1", "a.com", "US", close, List.of(
                        new DealFacts.DatedMrr(new Money("150000", "JPY"), at("2022-05-02T00:00:00Z")),  // C2: another currency
                        new DealFacts.DatedMrr(new Money("400", "USD"), at("2022-09-30T00:00:00Z")))),
                new DealHistory("d2", "b.in", "IN", new DealFacts.DatedMrr(new Money("333.33", "EUR"), at("2022-03-31T23:59:59Z")),
                        List.of()));
        List<AccountPeriod> accounts = List.of(new AccountPeriod("a", "c.com", "BR", new Money("800", "USD"),
                at("2022-02-01T00:00:00Z"), at("2022-11-15T00:00:00Z")));

        for (Instant monthEnd = at("2022-02-01T00:00:00Z"); monthEnd.isBefore(at("2023-03-01T00:00:00Z")); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            Instant d = monthEnd;
            List<DealFacts> asTheyStood = deals.stream().filter(deal -> !deal.closedAt().isAfter(d)).map(deal -> deal.at(d)).toList();
            assertThat(remembering.summaryAt(d, asTheyStood, accounts)).as("at %s", d)
                    .isEqualTo(calculator.summaryAt(d, asTheyStood, accounts));
        }
    }
}
