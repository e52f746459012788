package dev.prm.tier.domain;

import static dev.prm.contracts.Tier.GOLD;
import static dev.prm.contracts.Tier.PLATINUM;
import static dev.prm.contracts.Tier.SOLUTIONS_PARTNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.contracts.Tier;
import dev.prm.program.Versioned;

class TierOutlookTest {

    private static final Instant JAN_10 = at("2022-01-10T09:00:00Z");
    private static final ThresholdTable RAISED = ThresholdTable.of("250", "150", "500", "250", "1200", "600", "6000", "3500");
    private static final Versioned<ThresholdTable> THRESHOLDS = TierDefaults.thresholds()
            .with(new Versioned.Version<>("raised-2022-07-16", at("2022-07-16T00:00:00Z"), RAISED));

    private final PointsCalculator calculator = new PointsCalculator(TierDefaults.pointsPolicy());
    private final TierOutlook outlooks = new TierOutlook(calculator, () -> THRESHOLDS, TierCalendar.programDefault());

    /** The seed's partner: 2400 USD sold on January 10, 2022 (120 points) and 6000 USD managed since (60): 180. */
    private static final List<DealFacts> DEALS = List.of(new DealFacts("D1", "acme.com", "US", new Money("2400", "USD"), JAN_10));
    private static final List<AccountPeriod> ACCOUNTS = List.of(
            new AccountPeriod("A1", "acme.com", "US", new Money("6000", "USD"), JAN_10, null));

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static PointsSummary points(String sold12m, String sold6m, String managed) {
        return new PointsSummary(new BigDecimal(sold12m), new BigDecimal(sold6m), new BigDecimal(managed));
    }

    private TierOutlook.Outlook outlook(String asOf, Tier tier, NavigableMap<Instant, TierOutlook.Evaluation> recorded) {
        return outlooks.at(new TierOutlook.Standing(at(asOf), tier, JAN_10, DEALS, ACCOUNTS, recorded));
    }

    private static TierOutlook.Gap gap(List<TierOutlook.Gap> gaps, Tier tier) {
        return gaps.stream().filter(gap -> gap.tier() == tier).findFirst().orElseThrow();
    }

    /** Monthly evaluations recorded at every month end from {@code from} to {@code to}, all with the same result. */
    private static NavigableMap<Instant, TierOutlook.Evaluation> recorded(String from, String to, Tier qualified, PointsSummary points) {
        NavigableMap<Instant, TierOutlook.Evaluation> recorded = new TreeMap<>();
        for (Instant monthEnd = at(from); !monthEnd.isAfter(at(to)); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            recorded.put(monthEnd, new TierOutlook.Evaluation(qualified, points));
        }
        return recorded;
    }

    @Test
    void T8_T6_the_seeds_GOLD_partner_is_at_risk_once_the_raised_table_is_in_force_for_the_months_to_come() {
        var outlook = outlook("2022-07-20T00:00:00Z", GOLD, new TreeMap<>());

        assertThat(outlook.nextMonthEnd().at()).isEqualTo(at("2022-08-01T00:00:00Z"));
        assertThat(outlook.nextMonthEnd().tier()).as("T7 never demotes").isEqualTo(GOLD);
        assertThat(outlook.nextMonthEnd().qualifiedTier()).isEqualTo(SOLUTIONS_PARTNER);
        assertThat(outlook.nextMonthEnd().thresholdsVersion()).isEqualTo("raised-2022-07-16");
        assertThat(outlook.nextReevaluation().at()).isEqualTo(at("2023-01-15T00:00:00Z"));
        assertThat(outlook.nextReevaluation().tier()).isEqualTo(SOLUTIONS_PARTNER);
        assertThat(outlook.nextReevaluation().settled()).isFalse();
        assertThat(outlook.atRisk()).isTrue();
        // 180 points (120 sold) against GOLD 250 / 150, at every month end to come: the earliest is named
        assertThat(outlook.toKeep().missingPoints()).isEqualByComparingTo("70");
        assertThat(outlook.toKeep().missingSoldPoints()).isEqualByComparingTo("30");
        assertThat(outlook.toKeep().by()).isEqualTo(at("2022-08-01T00:00:00Z"));
        assertThat(gap(outlook.nextMonthEnd().tiers(), PLATINUM).missingPoints()).isEqualByComparingTo("320");
    }

    @Test
    void T8_an_evaluation_recorded_in_the_window_secures_its_tier_and_the_gap_to_the_next_is_taken_at_a_month_end_to_come() {
        var outlook = outlook("2022-06-20T00:00:00Z", GOLD,
                recorded("2022-02-01T00:00:00Z", "2022-06-01T00:00:00Z", GOLD, points("120", "120", "60")));

        assertThat(outlook.nextReevaluation().at()).isEqualTo(at("2022-07-15T00:00:00Z"));
        assertThat(outlook.nextReevaluation().tier()).isEqualTo(GOLD);
        assertThat(outlook.nextReevaluation().decidedBy()).as("the latest of the best, as T8 reports it")
                .isEqualTo(at("2022-07-01T00:00:00Z"));
        assertThat(outlook.atRisk()).isFalse();
        TierOutlook.Gap gold = gap(outlook.nextReevaluation().tiers(), GOLD);
        assertThat(gold.met()).isTrue();
        assertThat(gold.by()).isEqualTo(at("2022-02-01T00:00:00Z"));
        TierOutlook.Gap platinum = gap(outlook.nextReevaluation().tiers(), PLATINUM);
        assertThat(platinum.by()).as("July 1 is the only month end left").isEqualTo(at("2022-07-01T00:00:00Z"));
        assertThat(platinum.missingPoints()).isEqualByComparingTo("210"); // 390 − 180
        assertThat(platinum.missingSoldPoints()).isEqualByComparingTo("70"); // 190 − 120
    }

    @Test
    void T5_points_leave_the_window_as_the_months_pass() {
        var outlook = outlooks.at(new TierOutlook.Standing(at("2023-01-20T00:00:00Z"), GOLD, JAN_10, DEALS, ACCOUNTS, new TreeMap<>()));

        // the deal of January 10, 2022 is out of the window at February 1, 2023: 60 managed points are left
        assertThat(outlook.nextMonthEnd().points().total12m()).isEqualByComparingTo("60");
        assertThat(outlook.nextReevaluation().at()).isEqualTo(at("2023-07-15T00:00:00Z"));
        assertThat(outlook.nextReevaluation().tier()).isEqualTo(SOLUTIONS_PARTNER);
        assertThat(outlook.atRisk()).isTrue();
        assertThat(outlook.toKeep().missingPoints()).isEqualByComparingTo("190"); // 250 − 60
        assertThat(outlook.toKeep().missingSoldPoints()).isEqualByComparingTo("150");
    }

    @Test
    void B3_facts_dated_after_asOf_are_not_counted_and_accounts_stay_as_they_stand() {
        List<DealFacts> deals = List.of(DEALS.getFirst(),
                new DealFacts("D2", "big.com", "US", new Money("100000", "USD"), at("2022-08-15T00:00:00Z")));
        List<AccountPeriod> accounts = List.of(ACCOUNTS.getFirst().endedAt(at("2022-08-10T00:00:00Z")));
        var withLaterFacts = outlooks.at(new TierOutlook.Standing(at("2022-07-20T00:00:00Z"), GOLD, JAN_10, deals, accounts,
                new TreeMap<>()));

        assertThat(withLaterFacts).isEqualTo(outlook("2022-07-20T00:00:00Z", GOLD, new TreeMap<>()));
        assertThat(withLaterFacts.nextMonthEnd().points().managed()).isEqualByComparingTo("60");
    }

    @Test
    void T8_when_no_month_end_is_left_the_outlook_is_settled_and_the_month_end_after_follows_the_re_evaluation() {
        var outlook = outlook("2023-01-05T00:00:00Z", GOLD,
                recorded("2022-08-01T00:00:00Z", "2023-01-01T00:00:00Z", SOLUTIONS_PARTNER, points("120", "0", "60")));

        assertThat(outlook.nextReevaluation().settled()).isTrue();
        assertThat(outlook.nextReevaluation().tier()).isEqualTo(SOLUTIONS_PARTNER);
        assertThat(outlook.atRisk()).isTrue();
        assertThat(outlook.toKeep().by()).as("the shortfall of the last evaluation").isEqualTo(at("2023-01-01T00:00:00Z"));
        assertThat(outlook.toKeep().missingPoints()).isEqualByComparingTo("70");
        assertThat(outlook.nextMonthEnd().at()).isEqualTo(at("2023-02-01T00:00:00Z"));
        assertThat(outlook.nextMonthEnd().tier()).as("demoted on January 15, not promoted back on February 1")
                .isEqualTo(SOLUTIONS_PARTNER);
    }

    @Test
    void T8_a_partner_with_no_evaluation_in_the_window_keeps_its_tier() {
        // migrated as GOLD on January 3, 2023 (P1) with no points: no month end before January 15
        var outlook = outlooks.at(new TierOutlook.Standing(at("2023-01-05T00:00:00Z"), GOLD, at("2023-01-03T00:00:00Z"),
                List.of(), List.of(), new TreeMap<>()));

        assertThat(outlook.nextReevaluation().tier()).isEqualTo(GOLD);
        assertThat(outlook.nextReevaluation().decidedBy()).isNull();
        assertThat(outlook.atRisk()).isFalse();
        assertThat(outlook.toKeep().met()).isTrue();
        assertThat(outlook.nextMonthEnd().qualifiedTier()).isEqualTo(SOLUTIONS_PARTNER);
    }

    @Test
    void T7_a_month_end_to_come_that_qualifies_higher_promotes_in_the_outlook() {
        List<DealFacts> deals = List.of(new DealFacts("D1", "acme.com", "US", new Money("8000", "USD"), JAN_10)); // 400 sold
        var outlook = outlooks.at(new TierOutlook.Standing(at("2022-01-20T00:00:00Z"), SOLUTIONS_PARTNER, JAN_10, deals,
                List.of(), new TreeMap<>()));

        assertThat(outlook.nextMonthEnd().tier()).isEqualTo(PLATINUM);
        assertThat(outlook.nextReevaluation().tier()).isEqualTo(PLATINUM);
        assertThat(outlook.atRisk()).isFalse();
        assertThat(outlook.toKeep().met()).as("SOLUTIONS_PARTNER asks nothing").isTrue();
    }
}
