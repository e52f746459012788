package dev.prm.tier.command;

import static dev.prm.contracts.Tier.GOLD;
import static dev.prm.contracts.Tier.SOLUTIONS_PARTNER;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.program.Versioned;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.TierCalendar;
import dev.prm.tier.domain.TierDefaults;
import dev.prm.tier.domain.TierOutlook;

/** Issue 18: TierAtRisk and TierOutlookRecovered, decided by the Partner aggregate after each month end's evaluation. */
class TierOutlookEventsTest {

    private static final Instant JAN_10 = Instant.parse("2022-01-10T09:00:00Z");
    private static final Instant AUG_1 = Instant.parse("2022-08-01T00:00:00Z");
    private static final Instant SEP_1 = Instant.parse("2022-09-01T00:00:00Z");
    private static final Instant JAN_15_2023 = Instant.parse("2023-01-15T00:00:00Z");
    private static final ThresholdTable RAISED = ThresholdTable.of("250", "150", "500", "250", "1200", "600", "6000", "3500");

    private AggregateTestFixture<Partner> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Partner.class);
        Versioned<ThresholdTable> thresholds = TierDefaults.thresholds()
                .with(new Versioned.Version<>("raised-2022-07-16", Instant.parse("2022-07-16T00:00:00Z"), RAISED));
        PointsCalculator calculator = new PointsCalculator(TierDefaults.pointsPolicy());
        fixture.registerInjectableResource(calculator);
        fixture.registerInjectableResource((ThresholdCatalog) () -> thresholds);
        fixture.registerInjectableResource(new TierOutlook(calculator, () -> thresholds, TierCalendar.programDefault()));
    }

    /** The seed's partner: GOLD from February 1, 2022 on 180 points (120 sold), kept on July 15, evaluated on August 1. */
    private static List<Object> goldUntilAugust() {
        List<Object> history = new ArrayList<>();
        history.add(new RecordDealClosed("G", "D1", "acme.com", "US", new Money("2400", "USD"), JAN_10));
        history.add(new RecordAccountManaged("G", "A1", "acme.com", "US", new Money("6000", "USD"), JAN_10));
        for (int month = 2; month <= 7; month++) {
            Instant monthEnd = Instant.parse("2022-%02d-01T00:00:00Z".formatted(month));
            history.add(new EvaluateMonth("G", monthEnd));
            history.add(new AssessTierOutlook("G", monthEnd));
        }
        history.add(new Reevaluate("G", Instant.parse("2022-07-15T00:00:00Z")));
        history.add(new EvaluateMonth("G", AUG_1));
        return history;
    }

    @Test
    void TierAtRisk_when_the_outlook_for_the_next_re_evaluation_falls_below_the_tier_with_the_points_missing() {
        fixture.givenCommands(goldUntilAugust())
                .when(new AssessTierOutlook("G", AUG_1))
                .expectEvents(new PartnerTierAtRisk("G", GOLD, SOLUTIONS_PARTNER, JAN_15_2023, new BigDecimal("70.00"),
                        new BigDecimal("30.00"), AUG_1));
    }

    @Test
    void TierAtRisk_is_published_at_most_once_per_partner_and_re_evaluation() {
        List<Object> history = new ArrayList<>(goldUntilAugust());
        history.add(new AssessTierOutlook("G", AUG_1));
        history.add(new EvaluateMonth("G", SEP_1));
        fixture.givenCommands(history)
                .when(new AssessTierOutlook("G", SEP_1))
                .expectNoEvents();
    }

    @Test
    void TierOutlookRecovered_when_new_facts_lift_the_outlook_again() {
        List<Object> history = new ArrayList<>(goldUntilAugust());
        history.add(new AssessTierOutlook("G", AUG_1));
        // 2000 USD sold on August 20: 220 sold + 60 managed = 280 ≥ GOLD 250 / 150 at September 1
        history.add(new RecordDealClosed("G", "D2", "acme.com", "US", new Money("2000", "USD"), Instant.parse("2022-08-20T00:00:00Z")));
        history.add(new EvaluateMonth("G", SEP_1));
        fixture.givenCommands(history)
                .when(new AssessTierOutlook("G", SEP_1))
                .expectEvents(new PartnerTierOutlookRecovered("G", GOLD, GOLD, JAN_15_2023, new BigDecimal("0.00"),
                        new BigDecimal("0.00"), SEP_1));
    }

    @Test
    void B3_a_fact_dated_after_the_month_end_taken_in_before_its_check_does_not_change_it() {
        List<Object> history = new ArrayList<>(goldUntilAugust());
        history.add(new RecordDealClosed("G", "D2", "acme.com", "US", new Money("20000", "USD"), Instant.parse("2022-08-20T00:00:00Z")));
        fixture.givenCommands(history)
                .when(new AssessTierOutlook("G", AUG_1))
                .expectEvents(new PartnerTierAtRisk("G", GOLD, SOLUTIONS_PARTNER, JAN_15_2023, new BigDecimal("70.00"),
                        new BigDecimal("30.00"), AUG_1));
    }

    @Test
    void a_partner_whose_outlook_keeps_its_tier_is_not_at_risk() {
        List<Object> history = new ArrayList<>(goldUntilAugust().subList(0, 12)); // up to the evaluation of July 1
        fixture.givenCommands(history)
                .when(new AssessTierOutlook("G", Instant.parse("2022-07-01T00:00:00Z")))
                .expectNoEvents();
    }
}
