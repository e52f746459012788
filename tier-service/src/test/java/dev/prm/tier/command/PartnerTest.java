package dev.prm.tier.command;

import static dev.prm.contracts.Tier.GOLD;
import static dev.prm.contracts.Tier.PLATINUM;
import static dev.prm.contracts.Tier.SOLUTIONS_PARTNER;
import static dev.prm.contracts.tier.TierChangeReason.ENROLMENT;
import static dev.prm.contracts.tier.TierChangeReason.PROMOTION;
import static dev.prm.contracts.tier.TierChangeReason.REEVALUATION;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;
import dev.prm.program.Versioned;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.TierDefaults;

class PartnerTest {

    private static final Instant JAN_10 = Instant.parse("2022-01-10T09:00:00Z");
    private static final Instant MARCH_10 = Instant.parse("2022-03-10T09:00:00Z");
    private static final Instant FEB_1 = Instant.parse("2022-02-01T00:00:00Z");
    private static final Instant RAISE = Instant.parse("2022-07-16T00:00:00Z");
    private static final ThresholdTable RAISED = ThresholdTable.of("250", "150", "500", "250", "1200", "600", "6000", "3500");

    private final Money usd1000 = new Money("1000", "USD");
    private AggregateTestFixture<Partner> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Partner.class);
        Versioned<ThresholdTable> thresholds = TierDefaults.thresholds().with(new Versioned.Version<>("raised-2022-07-16", RAISE, RAISED));
        fixture.registerInjectableResource(new PointsCalculator(TierDefaults.pointsPolicy()));
        fixture.registerInjectableResource((ThresholdCatalog) () -> thresholds);
    }

    /** 2400 USD sold (24 units × 5 = 120 sold points) and 6000 USD managed (60 points): 180, GOLD under 170 / 105. */
    private static List<Object> goldUnderTheOldTable(String partner) {
        return List.of(
                new DealRecorded(partner, "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                new AccountManagementRecorded(partner, "A1", "acme.com", "US", new Money("6000", "USD"), JAN_10));
    }

    private static PointsSummary points(String sold12m, String sold6m, String managed) {
        return new PointsSummary(new BigDecimal(sold12m), new BigDecimal(sold6m), new BigDecimal(managed));
    }

    @Test
    void P1_a_deal_of_a_partner_not_known_yet_creates_it_and_is_kept() {
        fixture.givenNoPriorActivity()
                .when(new RecordDealClosed("P1", "D1", "acme.com", "US", usd1000, MARCH_10))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, MARCH_10));
    }

    @Test
    void P1_an_enrolment_carrying_a_tier_makes_it_the_partners_tier_from_then_on() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, JAN_10))
                .when(new RecordEnrolment("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, FEB_1))
                .expectEvents(new PartnerEnrolmentRecorded("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, FEB_1),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, PLATINUM, ENROLMENT, FEB_1,
                                points("50.00", "50.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void a_deal_closed_again_under_another_event_id_changes_nothing() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, MARCH_10))
                .when(new RecordDealClosed("P1", "D1", "acme.com", "US", new Money("5000", "USD"), MARCH_10.plusSeconds(60)))
                .expectNoEvents();
    }

    @Test
    void T7_the_month_end_evaluation_promotes_to_the_qualified_tier() {
        fixture.given(goldUnderTheOldTable("P1"))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, GOLD, points("120.00", "120.00", "60.00"), "thresholds-2022"),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, GOLD, PROMOTION, FEB_1, points("120.00", "120.00", "60.00"),
                                "thresholds-2022"));
    }

    @Test
    void T7_a_monthly_evaluation_never_demotes() {
        fixture.given(new PartnerEnrolmentRecorded("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, JAN_10),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, PLATINUM, ENROLMENT, JAN_10, points("0", "0", "0"), "thresholds-2022"))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("0.00", "0.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void T8_months_before_the_partner_existed_are_not_evaluated() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, MARCH_10))
                .when(new EvaluateMonth("P1", Instant.parse("2022-03-01T00:00:00Z")))
                .expectNoEvents();
    }

    @Test
    void T5_an_amendment_replaces_the_deals_mrr_for_later_evaluations() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                        new DealAmendmentRecorded("P1", "D1", usd1000, Instant.parse("2022-01-20T00:00:00Z")))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("50.00", "50.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void T5_an_amendment_that_arrived_before_its_deal_is_kept_and_applied() {
        fixture.given(new DealAmendmentRecorded("P1", "D1", usd1000, Instant.parse("2022-01-20T00:00:00Z")),
                        new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("50.00", "50.00", "0.00"), "thresholds-2022"));
    }

    /** The monthly evaluations of February to July 2022, all under the old table. */
    private static List<Object> firstHalfOf2022() {
        List<Object> commands = new ArrayList<>();
        for (int month = 2; month <= 7; month++) {
            commands.add(new EvaluateMonth("G", Instant.parse("2022-%02d-01T00:00:00Z".formatted(month))));
        }
        return commands;
    }

    @Test
    void T8_seed_example_a_gold_partner_keeps_gold_at_the_july_15_re_evaluation() {
        fixture.given(goldUnderTheOldTable("G"))
                .andGivenCommands(firstHalfOf2022())
                .when(new Reevaluate("G", Instant.parse("2022-07-15T00:00:00Z")))
                .expectEvents(new SemiannualReevaluated("G", Instant.parse("2022-07-15T00:00:00Z"), GOLD));
    }

    @Test
    void T8_seed_example_without_meeting_the_raised_table_from_august_to_january_it_falls_back_on_january_15() {
        List<Object> history = new ArrayList<>(firstHalfOf2022());
        history.add(new Reevaluate("G", Instant.parse("2022-07-15T00:00:00Z")));
        for (String monthEnd : List.of("2022-08-01", "2022-09-01", "2022-10-01", "2022-11-01", "2022-12-01", "2023-01-01")) {
            history.add(new EvaluateMonth("G", Instant.parse(monthEnd + "T00:00:00Z")));
        }
        Instant january15 = Instant.parse("2023-01-15T00:00:00Z");
        fixture.given(goldUnderTheOldTable("G"))
                .andGivenCommands(history)
                .when(new Reevaluate("G", january15))
                .expectEvents(
                        new PartnerTierChanged("G", GOLD, SOLUTIONS_PARTNER, REEVALUATION, january15,
                                points("120.00", "0.00", "60.00"), "raised-2022-07-16"),
                        new SemiannualReevaluated("G", january15, SOLUTIONS_PARTNER));
    }

    @Test
    void T8_a_re_evaluation_promotes_to_the_best_tier_of_the_window_too() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("8000", "USD"), JAN_10),
                        new MonthEvaluated("P1", FEB_1, PLATINUM, points("400.00", "400.00", "0.00"), "thresholds-2022"))
                .when(new Reevaluate("P1", Instant.parse("2022-07-15T00:00:00Z")))
                .expectEvents(new PartnerTierChanged("P1", SOLUTIONS_PARTNER, PLATINUM, REEVALUATION,
                                Instant.parse("2022-07-15T00:00:00Z"), points("400.00", "400.00", "0.00"), "thresholds-2022"),
                        new SemiannualReevaluated("P1", Instant.parse("2022-07-15T00:00:00Z"), PLATINUM));
    }

    @Test
    void T8_a_partner_with_no_evaluation_in_the_window_keeps_its_tier() {
        fixture.given(new PartnerEnrolmentRecorded("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", GOLD, JAN_10),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, GOLD, ENROLMENT, JAN_10, points("0", "0", "0"), "thresholds-2022"))
                .when(new Reevaluate("P1", Instant.parse("2022-01-15T00:00:00Z")))
                .expectEvents(new SemiannualReevaluated("P1", Instant.parse("2022-01-15T00:00:00Z"), GOLD));
    }

    @Test
    void B3_an_amendment_dated_after_the_month_end_taken_in_before_its_evaluation_does_not_change_it() {
        fixture.given(goldUnderTheOldTable("P1"))
                .andGiven(new DealAmendmentRecorded("P1", "D1", usd1000, Instant.parse("2022-02-10T00:00:00Z")))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, GOLD, points("120.00", "120.00", "60.00"), "thresholds-2022"),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, GOLD, PROMOTION, FEB_1, points("120.00", "120.00", "60.00"),
                                "thresholds-2022"));
    }

    @Test
    void B3_the_latest_amendment_dated_at_or_before_the_month_end_counts_not_the_latest_taken_in() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                        new DealAmendmentRecorded("P1", "D1", new Money("9000", "USD"), Instant.parse("2022-02-10T00:00:00Z")),
                        new DealAmendmentRecorded("P1", "D1", usd1000, Instant.parse("2022-01-20T00:00:00Z")),
                        new DealAmendmentRecorded("P1", "D1", new Money("5000", "USD"), Instant.parse("2022-01-05T00:00:00Z")))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("50.00", "50.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void B3_account_periods_count_by_their_dates_whatever_order_they_were_taken_in() {
        // managed from Jan 5, changed Feb 10 (after the month end, taken in first), released Jan 20 (taken in last)
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                        new AccountManagementRecorded("P1", "A1", "acme.com", "US", new Money("6000", "USD"),
                                Instant.parse("2022-01-05T00:00:00Z")),
                        new AccountManagementRecorded("P1", "A1", "acme.com", "US", new Money("9000", "USD"),
                                Instant.parse("2022-02-10T00:00:00Z")),
                        new AccountReleaseRecorded("P1", "A1", Instant.parse("2022-01-20T00:00:00Z")))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("120.00", "120.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void B3_an_account_change_dated_after_the_month_end_taken_in_before_its_evaluation_does_not_change_it() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                        new AccountManagementRecorded("P1", "A1", "acme.com", "US", new Money("100", "USD"),
                                Instant.parse("2022-02-10T00:00:00Z")),
                        new AccountManagementRecorded("P1", "A1", "acme.com", "US", new Money("6000", "USD"), JAN_10))
                .when(new EvaluateMonth("P1", Instant.parse("2022-03-01T00:00:00Z")))
                .expectEvents(new MonthEvaluated("P1", Instant.parse("2022-03-01T00:00:00Z"), SOLUTIONS_PARTNER,
                        points("120.00", "120.00", "1.00"), "thresholds-2022"));
    }

    @Test
    void B3_an_enrolment_with_a_migrated_tier_dated_after_the_month_end_does_not_change_the_tier_it_is_evaluated_from() {
        Instant feb10 = Instant.parse("2022-02-10T00:00:00Z");
        fixture.given(goldUnderTheOldTable("P1"))
                .andGiven(new PartnerEnrolmentRecorded("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, feb10),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, PLATINUM, ENROLMENT, feb10, points("0", "0", "0"), "thresholds-2022"))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, GOLD, points("120.00", "120.00", "60.00"), "thresholds-2022"),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, GOLD, PROMOTION, FEB_1, points("120.00", "120.00", "60.00"),
                                "thresholds-2022"));
    }

    @Test
    void B3_a_re_evaluation_starts_from_the_tier_in_force_at_its_instant() {
        Instant july15 = Instant.parse("2022-07-15T00:00:00Z");
        Instant july20 = Instant.parse("2022-07-20T00:00:00Z");
        fixture.given(goldUnderTheOldTable("G"))
                .andGivenCommands(firstHalfOf2022())
                .andGiven(new PartnerEnrolmentRecorded("G", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, july20),
                        new PartnerTierChanged("G", GOLD, PLATINUM, ENROLMENT, july20, points("0", "0", "0"), "thresholds-2022"))
                .when(new Reevaluate("G", july15))
                .expectEvents(new SemiannualReevaluated("G", july15, GOLD));
    }

    @Test
    void B3_a_late_enrolment_changes_the_tier_from_the_one_in_force_at_its_own_date() {
        Instant jan20 = Instant.parse("2022-01-20T00:00:00Z");
        fixture.given(goldUnderTheOldTable("P1"))
                .andGivenCommands(new EvaluateMonth("P1", FEB_1))
                .when(new RecordEnrolment("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, jan20))
                .expectEvents(new PartnerEnrolmentRecorded("P1", "Acme", PartnerKind.SOLUTIONS_PARTNER, "JP", PLATINUM, jan20),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, PLATINUM, ENROLMENT, jan20,
                                points("120.00", "120.00", "60.00"), "thresholds-2022"));
    }

    @Test
    void T5_an_amendment_dated_before_the_deals_close_never_applies() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10),
                        new DealAmendmentRecorded("P1", "D1", usd1000, Instant.parse("2022-01-05T00:00:00Z")))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("120.00", "120.00", "0.00"), "thresholds-2022"));
    }

    @Test
    void C2_an_amendment_may_change_the_deals_currency_and_converts_with_the_table_at_the_close() {
        // 288,000 JPY at 12,000 per US$100 (the 2022 table): 24 units × 5 = 120 sold points
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, JAN_10),
                        new DealAmendmentRecorded("P1", "D1", new Money("288000", "JPY"), Instant.parse("2022-01-20T00:00:00Z")),
                        new AccountManagementRecorded("P1", "A1", "acme.com", "US", new Money("6000", "USD"), JAN_10))
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, GOLD, points("120.00", "120.00", "60.00"), "thresholds-2022"),
                        new PartnerTierChanged("P1", SOLUTIONS_PARTNER, GOLD, PROMOTION, FEB_1, points("120.00", "120.00", "60.00"),
                                "thresholds-2022"));
    }

    @Test
    void T3_each_deal_and_account_is_rounded_half_up_and_the_totals_are_sums_of_the_rounded_items() {
        // each deal: 2.50 USD = 0.025 units × 5 = 0.125 -> 0.13; each account: 0.50 USD × 1 = 0.005 -> 0.01.
        // Rounding the sums instead would give 0.38 sold (0.375) and 0.02 managed (0.015).
        List<Object> facts = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            facts.add(new DealRecorded("P1", "D" + n, "acme.com", "US", new Money("2.50", "USD"), JAN_10));
            facts.add(new AccountManagementRecorded("P1", "A" + n, "acme.com", "US", new Money("0.50", "USD"), JAN_10));
        }
        fixture.given(facts)
                .when(new EvaluateMonth("P1", FEB_1))
                .expectEvents(new MonthEvaluated("P1", FEB_1, SOLUTIONS_PARTNER, points("0.39", "0.39", "0.03"), "thresholds-2022"));
    }
    private static final Instant JULY_15 = Instant.parse("2022-07-15T00:00:00Z");
    private static final Instant JANUARY_15 = Instant.parse("2023-01-15T00:00:00Z");

    private static Instant monthEnd(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }

    /** The seed's partner G, enrolled before its facts (no tier carried), so no later enrolment can set its tier. */
    private static List<Object> enrolledGold() {
        List<Object> events = new ArrayList<>();
        events.add(new PartnerEnrolmentRecorded("G", "Gold", PartnerKind.SOLUTIONS_PARTNER, "US", null, JAN_10));
        events.addAll(goldUnderTheOldTable("G"));
        return events;
    }

    @Test
    void T8_a_month_end_that_qualifies_for_the_last_stored_tier_which_the_partner_holds_stores_nothing() {
        fixture.given(enrolledGold())
                .andGivenCommands(new EvaluateMonth("G", FEB_1))
                .when(new EvaluateMonth("G", monthEnd("2022-03-01")))
                .expectNoEvents();
    }

    @Test
    void T8_a_month_end_that_qualifies_below_the_tier_held_is_stored_every_month_it_could_be_the_basis_of_a_demotion() {
        List<Object> history = new ArrayList<>(firstHalfOf2022());
        history.add(new Reevaluate("G", JULY_15));
        history.add(new EvaluateMonth("G", monthEnd("2022-08-01")));
        fixture.given(enrolledGold())
                .andGivenCommands(history)
                .when(new EvaluateMonth("G", monthEnd("2022-09-01")))
                .expectEvents(new MonthEvaluated("G", monthEnd("2022-09-01"), SOLUTIONS_PARTNER, points("120.00", "0.00", "60.00"),
                        "raised-2022-07-16"));
    }

    @Test
    void T8_seed_example_with_month_ends_not_stored_the_january_15_fall_back_has_the_same_points_and_table() {
        List<Object> history = new ArrayList<>(firstHalfOf2022());
        history.add(new Reevaluate("G", JULY_15));
        for (String date : List.of("2022-08-01", "2022-09-01", "2022-10-01", "2022-11-01", "2022-12-01", "2023-01-01")) {
            history.add(new EvaluateMonth("G", monthEnd(date)));
        }
        fixture.given(enrolledGold())
                .andGivenCommands(history)
                .when(new Reevaluate("G", JANUARY_15))
                .expectEvents(
                        new PartnerTierChanged("G", GOLD, SOLUTIONS_PARTNER, REEVALUATION, JANUARY_15,
                                points("120.00", "0.00", "60.00"), "raised-2022-07-16"),
                        new SemiannualReevaluated("G", JANUARY_15, SOLUTIONS_PARTNER));
    }

    @Test
    void T8_a_gold_partner_keeps_gold_at_july_15_from_one_stored_evaluation_of_february_to_july() {
        fixture.given(enrolledGold())
                .andGivenCommands(firstHalfOf2022())
                .when(new Reevaluate("G", JULY_15))
                .expectEvents(new SemiannualReevaluated("G", JULY_15, GOLD));
    }

    /** A stream stored before only changes were stored: an evaluation at every month end. */
    private static List<Object> oldShapeStreamUpToJuly15() {
        List<Object> events = new ArrayList<>(enrolledGold());
        for (int month = 2; month <= 7; month++) {
            Instant at = Instant.parse("2022-%02d-01T00:00:00Z".formatted(month));
            events.add(new MonthEvaluated("G", at, GOLD, points("120.00", "120.00", "60.00"), "thresholds-2022"));
            if (month == 2) {
                events.add(new PartnerTierChanged("G", SOLUTIONS_PARTNER, GOLD, PROMOTION, at, points("120.00", "120.00", "60.00"),
                        "thresholds-2022"));
            }
        }
        events.add(new SemiannualReevaluated("G", JULY_15, GOLD));
        return events;
    }

    @Test
    void T8_a_stream_of_the_old_shape_with_every_month_end_stored_is_read_and_continued() {
        fixture.given(oldShapeStreamUpToJuly15())
                .when(new EvaluateMonth("G", monthEnd("2022-08-01")))
                .expectEvents(new MonthEvaluated("G", monthEnd("2022-08-01"), SOLUTIONS_PARTNER, points("120.00", "0.00", "60.00"),
                        "raised-2022-07-16"));
    }

    @Test
    void T8_a_stream_of_the_old_shape_re_evaluates_from_its_stored_months_with_the_latest_best_ones_points() {
        List<Object> events = new ArrayList<>(oldShapeStreamUpToJuly15());
        for (String date : List.of("2022-08-01", "2022-09-01", "2022-10-01", "2022-11-01", "2022-12-01", "2023-01-01")) {
            String managed = date.equals("2023-01-01") ? "61.00" : "60.00"; // shows which month's points explain the change
            events.add(new MonthEvaluated("G", monthEnd(date), SOLUTIONS_PARTNER, points("120.00", "0.00", managed),
                    "raised-2022-07-16"));
        }
        fixture.given(events)
                .when(new Reevaluate("G", JANUARY_15))
                .expectEvents(
                        new PartnerTierChanged("G", GOLD, SOLUTIONS_PARTNER, REEVALUATION, JANUARY_15,
                                points("120.00", "0.00", "61.00"), "raised-2022-07-16"),
                        new SemiannualReevaluated("G", JANUARY_15, SOLUTIONS_PARTNER));
    }
}
