package dev.prm.tier.domain;

import static dev.prm.contracts.Tier.DIAMOND;
import static dev.prm.contracts.Tier.ELITE;
import static dev.prm.contracts.Tier.GOLD;
import static dev.prm.contracts.Tier.PLATINUM;
import static dev.prm.contracts.Tier.SOLUTIONS_PARTNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;
import dev.prm.program.ProgramCaps;

/** Issue 18: the policy what-if replays histories with the live rules (T7, T8, R2) under today's table and a proposal. */
class PolicyWhatIfTest {

    private static final Instant FROM = at("2022-01-01T00:00:00Z");
    private static final Instant TO = at("2023-01-31T00:00:00Z");
    private static final Instant JAN_10 = at("2022-01-10T09:00:00Z");
    private static final Instant JAN_15_2022 = at("2022-01-15T00:00:00Z");
    private static final Instant JULY_15 = at("2022-07-15T00:00:00Z");
    private static final Instant JAN_15 = at("2023-01-15T00:00:00Z");
    /** The seed's raised table. */
    private static final ThresholdTable RAISED = ThresholdTable.of("250", "150", "500", "250", "1200", "600", "6000", "3500");

    private final PolicyWhatIf whatIf = new PolicyWhatIf(TierCalendar.programDefault());
    private final PolicyWhatIf.Rules today = new PolicyWhatIf.Rules(TierDefaults.pointsPolicy(), TierDefaults.thresholds(),
            ProgramCaps.table());

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static DealHistory deal(String id, String usd, Instant closedAt, DealFacts.DatedMrr... amendments) {
        return new DealHistory(id, id + ".com", "US", new DealFacts.DatedMrr(new Money(usd, "USD"), closedAt), List.of(amendments));
    }

    private static PolicyWhatIf.PartnerHistory partner(String id, PartnerKind kind, List<DealHistory> deals, String managedUsd) {
        List<AccountPeriod> accounts = managedUsd == null ? List.of()
                : List.of(new AccountPeriod("A-" + id, id + ".com", "US", new Money(managedUsd, "USD"), JAN_10, null));
        return new PolicyWhatIf.PartnerHistory(id, kind, JAN_10, SOLUTIONS_PARTNER, new TreeMap<>(), deals, accounts);
    }

    /**
     * ACME: the seed's partner, 2400 USD sold (120 points) and 6000 USD managed (60): 180, GOLD today, short of the
     * raised GOLD (250 / 150). PROV: the same facts, PROVIDER kind (cap 5 whatever its tier). BIG: 12000 USD sold (600):
     * PLATINUM under both. SMALL: 50 points. AMENDED: ACME's, with the deal amended to 4000 USD on February 15 (260 from
     * March 1 on): GOLD under both, once the amendment counts.
     */
    private static List<PolicyWhatIf.PartnerHistory> histories() {
        return List.of(
                partner("ACME", PartnerKind.SOLUTIONS_PARTNER, List.of(deal("D1", "2400", JAN_10)), "6000"),
                partner("PROV", PartnerKind.PROVIDER, List.of(deal("D1", "2400", JAN_10)), "6000"),
                partner("BIG", PartnerKind.SOLUTIONS_PARTNER, List.of(deal("D1", "12000", JAN_10)), null),
                partner("SMALL", PartnerKind.SOLUTIONS_PARTNER, List.of(deal("D1", "1000", JAN_10)), null),
                partner("AMENDED", PartnerKind.SOLUTIONS_PARTNER, List.of(deal("D1", "2400", JAN_10,
                        new DealFacts.DatedMrr(new Money("4000", "USD"), at("2022-02-15T00:00:00Z")))), "6000"));
    }

    private static PolicyWhatIf.Proposal thresholds(ThresholdTable table, Instant effectiveFrom) {
        return new PolicyWhatIf.Proposal(effectiveFrom, table, null, null);
    }

    @Test
    void T8_a_partner_below_a_raised_threshold_moves_down_at_each_re_evaluation_and_its_cap_drops() {
        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, histories(), today, thresholds(RAISED, FROM));

        assertThat(result.partners()).isEqualTo(5);
        assertThat(result.reevaluations()).extracting(PolicyWhatIf.Checkpoint::at).containsExactly(JAN_15_2022, JULY_15, JAN_15);
        assertThat(result.reevaluations().getFirst().moves()).as("no month end counted yet").isEmpty();
        PolicyWhatIf.Checkpoint july = result.reevaluations().get(1);
        assertThat(july.moves()).containsExactly(
                new PolicyWhatIf.Move("ACME", GOLD, SOLUTIONS_PARTNER),
                new PolicyWhatIf.Move("PROV", GOLD, SOLUTIONS_PARTNER));
        assertThat(july.partnersPerTier()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SOLUTIONS_PARTNER, new PolicyWhatIf.Count(1, 3), GOLD, new PolicyWhatIf.Count(3, 1),
                PLATINUM, new PolicyWhatIf.Count(1, 1), DIAMOND, new PolicyWhatIf.Count(0, 0), ELITE, new PolicyWhatIf.Count(0, 0)));
        // R2 (caps-2022-02-01): GOLD 15, no tier 10; a PROVIDER keeps 5 whatever its tier. R6: 60 days to comply.
        assertThat(july.capDrops()).containsExactly(new PolicyWhatIf.CapDrop("ACME", PartnerKind.SOLUTIONS_PARTNER, GOLD,
                SOLUTIONS_PARTNER, 15, 10, at("2022-09-13T00:00:00Z")));
        assertThat(result.reevaluations().get(2).moves()).extracting(PolicyWhatIf.Move::partnerId).containsExactly("ACME", "PROV");
        assertThat(result.periodEnd().at()).isEqualTo(TO);
        assertThat(result.periodEnd().moves()).extracting(PolicyWhatIf.Move::partnerId).containsExactly("ACME", "PROV");
    }

    @Test
    void the_same_history_and_proposal_give_the_same_answer_whatever_the_order_of_the_partners() {
        PolicyWhatIf.Result first = whatIf.compare(FROM, TO, histories(), today, thresholds(RAISED, FROM));
        List<PolicyWhatIf.PartnerHistory> shuffled = new ArrayList<>(histories());
        Collections.reverse(shuffled);

        assertThat(whatIf.compare(FROM, TO, histories(), today, thresholds(RAISED, FROM))).isEqualTo(first);
        assertThat(whatIf.compare(FROM, TO, shuffled, today, thresholds(RAISED, FROM))).isEqualTo(first);
    }

    @Test
    void T8_seed_example_a_table_raised_from_July_16_keeps_GOLD_on_July_15_and_drops_it_on_January_15() {
        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, histories(), today, thresholds(RAISED, at("2022-07-16T00:00:00Z")));

        assertThat(result.reevaluations().get(1).moves()).isEmpty();
        assertThat(result.reevaluations().get(2).moves()).containsExactly(
                new PolicyWhatIf.Move("ACME", GOLD, SOLUTIONS_PARTNER),
                new PolicyWhatIf.Move("PROV", GOLD, SOLUTIONS_PARTNER));
    }

    @Test
    void today_s_rules_replayed_give_what_the_live_rules_gave_and_an_unchanged_table_moves_nobody() {
        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, histories(), today, thresholds(TierDefaults.thresholds().at(FROM), FROM));

        assertThat(result.reevaluations()).allSatisfy(checkpoint -> {
            assertThat(checkpoint.moves()).isEmpty();
            assertThat(checkpoint.capDrops()).isEmpty();
        });
        assertThat(result.periodEnd().partnersPerTier().get(GOLD)).isEqualTo(new PolicyWhatIf.Count(3, 3));
    }

    @Test
    void T3_halved_sold_points_move_partners_down_a_tier() {
        PolicyWhatIf.Proposal halved = new PolicyWhatIf.Proposal(FROM, TierDefaults.thresholds().at(FROM),
                new PointsFactors(new BigDecimal("2.5"), BigDecimal.ONE, new BigDecimal("2")), null);

        PolicyWhatIf.Checkpoint july = whatIf.compare(FROM, TO, histories(), today, halved).reevaluations().get(1);

        // BIG: 300 sold, short of PLATINUM's 390 total; ACME: 60 sold + 60 managed, short of GOLD; AMENDED: 100 + 60
        assertThat(july.moves()).containsExactly(
                new PolicyWhatIf.Move("ACME", GOLD, SOLUTIONS_PARTNER),
                new PolicyWhatIf.Move("AMENDED", GOLD, SOLUTIONS_PARTNER),
                new PolicyWhatIf.Move("BIG", PLATINUM, GOLD),
                new PolicyWhatIf.Move("PROV", GOLD, SOLUTIONS_PARTNER));
        assertThat(july.capDrops()).extracting(drop -> drop.partnerId() + " " + drop.capToday() + ">" + drop.capProposed())
                .containsExactly("ACME 15>10", "AMENDED 15>10", "BIG 25>15");
    }

    @Test
    void R2_R6_a_lower_cap_table_alone_gives_its_own_compliance_deadline() {
        Map<dev.prm.contracts.Tier, Integer> caps = Map.of(SOLUTIONS_PARTNER, 10, GOLD, 12, PLATINUM, 25, DIAMOND, 75, ELITE, 175);
        // in force from February 1, 2022, in place of the program's cut of that day
        PolicyWhatIf.Proposal lowerGold = new PolicyWhatIf.Proposal(ProgramCaps.CAPS_CUT, TierDefaults.thresholds().at(FROM), null,
                new PolicyWhatIf.CapProposal(caps, 5, at("2022-09-01T00:00:00Z")));

        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, histories(), today, lowerGold);

        assertThat(result.reevaluations().get(1).moves()).isEmpty();
        assertThat(result.reevaluations().getFirst().capDrops()).as("before the proposal takes effect").isEmpty();
        assertThat(result.reevaluations().get(1).capDrops()).extracting(
                drop -> drop.partnerId() + " " + drop.capToday() + ">" + drop.capProposed() + " " + drop.overCapDeadline())
                .containsExactly("ACME 15>12 2022-09-01T00:00:00Z", "AMENDED 15>12 2022-09-01T00:00:00Z");
        assertThat(result.reevaluations().get(2).capDrops()).as("past the table's deadline: the grace period")
                .extracting(PolicyWhatIf.CapDrop::overCapDeadline).containsOnly(JAN_15.plus(ProgramCaps.OVER_CAP_GRACE));
    }

    /**
     * ACME, GOLD at the period's start (a migrated tier, P1): GOLD today, no tier under the raised table from July 15,
     * with {@code registrations} registrations.
     */
    private static List<PolicyWhatIf.PartnerHistory> acmeWith(List<PolicyWhatIf.Registration> registrations) {
        PolicyWhatIf.PartnerHistory acme = partner("ACME", PartnerKind.SOLUTIONS_PARTNER, List.of(deal("D1", "2400", JAN_10)), "6000");
        return List.of(new PolicyWhatIf.PartnerHistory(acme.partnerId(), acme.kind(), acme.existsSince(), GOLD,
                acme.enrolmentTiers(), acme.deals(), acme.accounts(), registrations, null));
    }

    private static List<PolicyWhatIf.Registration> registrations(int count, Instant from, Instant until) {
        return Collections.nCopies(count, new PolicyWhatIf.Registration(from, until));
    }

    @Test
    void R6_R7_C3_a_partner_the_proposal_puts_over_cap_is_held_from_its_deadline_until_its_registrations_expire() {
        // 12 registrations from June 1 to December 1: under GOLD's 15 today, over no tier's 10 once the proposal demotes
        List<PolicyWhatIf.PartnerHistory> histories = acmeWith(registrations(12, at("2022-06-01T00:00:00Z"), at("2022-12-01T00:00:00Z")));

        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, histories, today, thresholds(RAISED, FROM));

        PolicyWhatIf.Checkpoint july = result.reevaluations().get(1);
        assertThat(july.overCap().today()).isEmpty();
        // R6: a tier drop, so the grace period (60 days); R7: still over cap at the deadline, so held from it
        assertThat(july.overCap().proposal()).containsExactly(new PolicyWhatIf.OverCap("ACME", SOLUTIONS_PARTNER, 10, 12,
                JULY_15, at("2022-09-13T00:00:00Z"), at("2022-09-13T00:00:00Z")));
        // C3: the hold ends when the registrations expire and the partner is back under its cap
        assertThat(result.holds().proposal()).containsExactly(
                new PolicyWhatIf.Hold("ACME", at("2022-09-13T00:00:00Z"), at("2022-12-01T00:00:00Z")));
        assertThat(result.holds().today()).isEmpty();
        assertThat(result.reevaluations().get(2).overCap().proposal()).as("back under its cap by January 15").isEmpty();
        assertThat(result.periodEnd().overCap()).isEqualTo(new PolicyWhatIf.Sides<>(List.of(), List.of()));
    }

    @Test
    void R6_C3_a_partner_back_under_its_cap_before_the_deadline_is_not_held() {
        List<PolicyWhatIf.Registration> registrations = new ArrayList<>(registrations(10, at("2022-06-01T00:00:00Z"), at("2022-12-01T00:00:00Z")));
        // two released on August 1, before the September 13 deadline
        registrations.addAll(registrations(2, at("2022-06-01T00:00:00Z"), at("2022-08-01T00:00:00Z")));

        PolicyWhatIf.Result result = whatIf.compare(FROM, TO, acmeWith(registrations), today, thresholds(RAISED, FROM));

        assertThat(result.reevaluations().get(1).overCap().proposal()).containsExactly(new PolicyWhatIf.OverCap("ACME",
                SOLUTIONS_PARTNER, 10, 12, JULY_15, at("2022-09-13T00:00:00Z"), null));
        assertThat(result.holds().proposal()).isEmpty();
    }

    @Test
    void R6_R7_a_partner_over_cap_at_the_period_s_start_keeps_its_recorded_deadline_and_is_held_from_it() {
        // the program's cut (February 1, 2022, deadline April 1): 20 registrations over GOLD's 15 on both sides
        PolicyWhatIf.PartnerHistory acme = acmeWith(List.of()).getFirst();
        List<PolicyWhatIf.PartnerHistory> histories = List.of(new PolicyWhatIf.PartnerHistory("ACME", acme.kind(),
                acme.existsSince(), acme.tierAtStart(), acme.enrolmentTiers(), acme.deals(), acme.accounts(),
                registrations(20, at("2022-01-20T00:00:00Z"), at("2022-07-20T00:00:00Z")),
                new PolicyWhatIf.OverCapAtStart(ProgramCaps.CAPS_CUT, ProgramCaps.CAPS_CUT_DEADLINE)));

        PolicyWhatIf.Result result = whatIf.compare(at("2022-03-01T00:00:00Z"), TO, histories, today,
                thresholds(TierDefaults.thresholds().at(FROM), at("2022-03-01T00:00:00Z")));

        PolicyWhatIf.Hold held = new PolicyWhatIf.Hold("ACME", ProgramCaps.CAPS_CUT_DEADLINE, at("2022-07-20T00:00:00Z"));
        assertThat(result.holds()).isEqualTo(new PolicyWhatIf.Sides<>(List.of(held), List.of(held)));
        assertThat(result.reevaluations().getFirst().overCap().today()).containsExactly(new PolicyWhatIf.OverCap("ACME", GOLD,
                15, 20, ProgramCaps.CAPS_CUT, ProgramCaps.CAPS_CUT_DEADLINE, ProgramCaps.CAPS_CUT_DEADLINE));
    }
}
