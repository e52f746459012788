package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

class CommissionCalculatorTest {

    private final CommissionCalculator calculator = new CommissionCalculator(CommissionDefaults.commissionPolicy());

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Money usd(String amount) {
        return new Money(amount, "USD");
    }

    private static DealHistory closed(String dealId, String closedAt, Money mrr) {
        return DealHistory.unknown(dealId).closed(at(closedAt), mrr);
    }

    private List<PlannedEntry> due(DealHistory deal, PartnerKind kind, Ledger ledger, String now, Instant factTime) {
        return calculator.entriesDue(List.of(deal), kind, ledger, at(now), factTime);
    }

    private static Ledger book(List<PlannedEntry> entries) {
        Ledger ledger = new Ledger();
        entries.forEach(entry -> ledger.book(new Ledger.Entry(entry.dealId(), entry.monthEnd(), entry.amount(), entry.effectiveAt())));
        return ledger;
    }

    @Test
    void C1_a_deal_accrues_at_every_month_end_from_its_closing_month_without_proration() {
        List<PlannedEntry> entries = due(closed("D1", "2022-03-31T23:00:00Z", usd("1000")), PartnerKind.SOLUTIONS_PARTNER,
                new Ledger(), "2022-06-15T00:00:00Z", null);

        assertThat(entries).extracting(PlannedEntry::monthEnd)
                .containsExactly(at("2022-04-01T00:00:00Z"), at("2022-05-01T00:00:00Z"), at("2022-06-01T00:00:00Z"));
        assertThat(entries).extracting(entry -> entry.month().toString()).containsExactly("2022-03", "2022-04", "2022-05");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.amount()).isEqualTo(usd("200.00"));
            assertThat(entry.kind()).isEqualTo(EntryKind.ACCRUAL);
            assertThat(entry.terms().rate()).isEqualByComparingTo("0.20");
            assertThat(entry.terms().policyVersion()).isEqualTo("commission-2022");
            assertThat(entry.effectiveAt()).isEqualTo(entry.monthEnd());
        });
    }

    @Test
    void C1_a_deal_closed_exactly_at_a_month_end_belongs_to_the_new_month() {
        List<PlannedEntry> entries = due(closed("D1", "2022-04-01T00:00:00Z", usd("100")), PartnerKind.SOLUTIONS_PARTNER,
                new Ledger(), "2022-05-01T00:00:00Z", null);
        assertThat(entries).extracting(PlannedEntry::monthEnd).containsExactly(at("2022-05-01T00:00:00Z"));
    }

    @Test
    void C1_month_ends_cross_years_and_leap_days() {
        List<PlannedEntry> entries = due(closed("D1", "2023-12-15T00:00:00Z", usd("100")), PartnerKind.SOLUTIONS_PARTNER,
                new Ledger(), "2024-03-01T00:00:00Z", null);
        assertThat(entries).extracting(entry -> entry.month().toString()).containsExactly("2023-12", "2024-01", "2024-02");

        List<PlannedEntry> leapDay = due(closed("D2", "2024-02-29T23:59:59Z", usd("100")), PartnerKind.SOLUTIONS_PARTNER,
                new Ledger(), "2024-03-01T00:00:00Z", null);
        assertThat(leapDay).extracting(PlannedEntry::monthEnd).containsExactly(at("2024-03-01T00:00:00Z"));
    }

    @Test
    void C1_deals_closed_from_2023_04_01_accrue_36_month_ends_and_provider_deals_12() {
        DealHistory deal = closed("D1", "2023-04-01T00:00:00Z", usd("100"));
        List<PlannedEntry> thirtySix = due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2030-01-01T00:00:00Z", null);
        assertThat(thirtySix).hasSize(36);
        assertThat(thirtySix.getFirst().monthEnd()).isEqualTo(at("2023-05-01T00:00:00Z"));
        assertThat(thirtySix.getLast().monthEnd()).isEqualTo(at("2026-04-01T00:00:00Z"));

        List<PlannedEntry> provider = due(closed("D2", "2022-03-10T00:00:00Z", usd("100")), PartnerKind.PROVIDER,
                new Ledger(), "2030-01-01T00:00:00Z", null);
        assertThat(provider).hasSize(12);
        assertThat(provider.getLast().monthEnd()).isEqualTo(at("2023-03-01T00:00:00Z"));

        List<PlannedEntry> lifetime = due(closed("D3", "2023-03-31T23:59:59Z", usd("100")), PartnerKind.SOLUTIONS_PARTNER,
                new Ledger(), "2030-01-01T00:00:00Z", null);
        assertThat(lifetime).as("closed the day before the later policy: lifetime").hasSize(82);
    }

    @Test
    void C2_a_churn_stops_accruals_from_the_next_month_end_on() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", usd("100")).churned(at("2022-05-20T00:00:00Z"));
        assertThat(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-12-01T00:00:00Z", null))
                .extracting(PlannedEntry::monthEnd).containsExactly(at("2022-04-01T00:00:00Z"), at("2022-05-01T00:00:00Z"));

        DealHistory atMonthEnd = closed("D2", "2022-03-10T00:00:00Z", usd("100")).churned(at("2022-05-01T00:00:00Z"));
        assertThat(due(atMonthEnd, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-12-01T00:00:00Z", null))
                .as("churned at the month end itself: that month end still accrues")
                .extracting(PlannedEntry::monthEnd).containsExactly(at("2022-04-01T00:00:00Z"), at("2022-05-01T00:00:00Z"));
    }

    @Test
    void C2_an_amendment_changes_the_accruals_of_month_ends_after_it_only() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", usd("100"))
                .amended(at("2022-05-01T00:00:00Z"), usd("300"))
                .amended(at("2022-04-15T00:00:00Z"), usd("200"));
        assertThat(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-07-01T00:00:00Z", null))
                .extracting(PlannedEntry::amount)
                .as("04-01: the close; 05-01: the amendment of 04-15 (the one at 05-01 is not before it); then 300")
                .containsExactly(usd("20.00"), usd("40.00"), usd("60.00"), usd("60.00"));
    }

    @Test
    void C2_a_churn_and_an_amendment_in_the_same_month_leave_that_month_without_accrual() {
        DealHistory amendedThenChurned = closed("D1", "2022-03-10T00:00:00Z", usd("100"))
                .amended(at("2022-05-05T00:00:00Z"), usd("500"))
                .churned(at("2022-05-25T00:00:00Z"));
        DealHistory churnedThenAmended = closed("D1", "2022-03-10T00:00:00Z", usd("100"))
                .churned(at("2022-05-05T00:00:00Z"))
                .amended(at("2022-05-25T00:00:00Z"), usd("500"));
        for (DealHistory deal : List.of(amendedThenChurned, churnedThenAmended)) {
            assertThat(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-09-01T00:00:00Z", null))
                    .extracting(PlannedEntry::monthEnd, PlannedEntry::amount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(at("2022-04-01T00:00:00Z"), usd("20.00")),
                            org.assertj.core.groups.Tuple.tuple(at("2022-05-01T00:00:00Z"), usd("20.00")));
        }
    }

    @Test
    void C2_a_late_amendment_is_corrected_by_signed_adjustments_and_never_rewrites_what_was_booked() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", usd("1000"));
        Ledger ledger = book(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-06-01T00:00:00Z", null));
        Instant amendedAt = at("2022-04-20T00:00:00Z");

        List<PlannedEntry> corrections = due(deal.amended(amendedAt, usd("750")), PartnerKind.SOLUTIONS_PARTNER, ledger,
                "2022-06-01T00:00:00Z", amendedAt);

        assertThat(corrections).extracting(PlannedEntry::monthEnd, PlannedEntry::amount, PlannedEntry::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2022-05-01T00:00:00Z"), usd("-50.00"), EntryKind.ADJUSTMENT),
                org.assertj.core.groups.Tuple.tuple(at("2022-06-01T00:00:00Z"), usd("-50.00"), EntryKind.ADJUSTMENT));
        assertThat(corrections).extracting(PlannedEntry::effectiveAt).as("dated at the month end they correct")
                .containsExactly(at("2022-05-01T00:00:00Z"), at("2022-06-01T00:00:00Z"));
        assertThat(ledger.entries()).hasSize(3);
    }

    @Test
    void C2_a_late_churn_reverses_the_accruals_after_it() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", usd("1000"));
        Ledger ledger = book(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-06-01T00:00:00Z", null));
        Instant churnedAt = at("2022-04-10T00:00:00Z");

        List<PlannedEntry> corrections = due(deal.churned(churnedAt), PartnerKind.SOLUTIONS_PARTNER, ledger,
                "2022-06-01T00:00:00Z", churnedAt);

        assertThat(corrections).extracting(PlannedEntry::monthEnd, PlannedEntry::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2022-05-01T00:00:00Z"), usd("-200.00")),
                org.assertj.core.groups.Tuple.tuple(at("2022-06-01T00:00:00Z"), usd("-200.00")));
    }

    @Test
    void C1_an_enrolment_as_provider_read_after_month_13_reverses_what_a_stub_accrued_beyond_12_months_dated_at_the_enrolment() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", new Money("12000", "JPY"));
        Ledger ledger = book(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2023-05-01T00:00:00Z", null));
        assertThat(ledger.entries()).hasSize(14);
        Instant enrolledAt = at("2023-05-10T00:00:00Z");

        List<PlannedEntry> corrections = due(deal, PartnerKind.PROVIDER, ledger, "2023-05-10T00:00:00Z", enrolledAt);

        assertThat(corrections).extracting(PlannedEntry::monthEnd)
                .containsExactly(at("2023-04-01T00:00:00Z"), at("2023-05-01T00:00:00Z"));
        assertThat(corrections).allSatisfy(entry -> {
            assertThat(entry.amount()).isEqualTo(new Money("-2400", "JPY"));
            assertThat(entry.effectiveAt()).isEqualTo(enrolledAt);
        });
    }

    @Test
    void a_settled_ledger_needs_nothing_more_and_time_jumping_several_months_accrues_each_month_end_in_order() {
        DealHistory a = closed("A", "2022-01-20T00:00:00Z", usd("100"));
        DealHistory b = closed("B", "2022-01-05T00:00:00Z", new Money("1000", "EUR"));
        List<PlannedEntry> first = calculator.entriesDue(List.of(a, b), PartnerKind.SOLUTIONS_PARTNER, new Ledger(),
                at("2022-04-15T00:00:00Z"), null);
        assertThat(first).extracting(entry -> entry.month() + "/" + entry.dealId())
                .containsExactly("2022-01/A", "2022-01/B", "2022-02/A", "2022-02/B", "2022-03/A", "2022-03/B");
        assertThat(calculator.entriesDue(List.of(a, b), PartnerKind.SOLUTIONS_PARTNER, book(first), at("2022-04-15T00:00:00Z"), null))
                .isEmpty();
    }

    @Test
    void C1_a_month_end_after_a_settlement_computes_only_its_new_month_ends_and_books_what_a_full_settlement_would() {
        DealHistory a = closed("A", "2022-01-20T00:00:00Z", usd("100"));
        DealHistory b = closed("B", "2022-02-05T00:00:00Z", new Money("1000", "EUR"));
        Instant settledUpTo = at("2022-04-15T00:00:00Z");
        Ledger ledger = book(calculator.entriesDue(List.of(a, b), PartnerKind.SOLUTIONS_PARTNER, new Ledger(), settledUpTo, null));
        Instant amendedAt = at("2022-03-10T00:00:00Z");
        DealHistory amendedB = b.amended(amendedAt, new Money("500", "EUR"));
        Instant later = at("2022-07-01T00:00:00Z");

        List<PlannedEntry> full = calculator.entriesDue(List.of(a, amendedB), PartnerKind.SOLUTIONS_PARTNER, ledger, later, amendedAt);
        List<PlannedEntry> onlyNew = calculator.entriesDue(List.of(a, amendedB), PartnerKind.SOLUTIONS_PARTNER, ledger, later,
                amendedAt, new CommissionCalculator.Settled(settledUpTo, java.util.Set.of("B")));

        assertThat(onlyNew).isEqualTo(full);
        assertThat(onlyNew).extracting(entry -> entry.month() + "/" + entry.dealId() + "/" + entry.amount().amount())
                .as("B's amendment corrects its booked month end; A and B accrue the three new month ends")
                .containsExactly("2022-03/B/-100.00", "2022-04/A/20.00", "2022-04/B/100.00", "2022-05/A/20.00",
                        "2022-05/B/100.00", "2022-06/A/20.00", "2022-06/B/100.00");
    }

    @Test
    void a_deal_taken_as_settled_is_not_computed_again_for_the_month_ends_it_covers() {
        DealHistory deal = closed("D1", "2022-01-20T00:00:00Z", usd("100"));
        assertThat(calculator.entriesDue(List.of(deal), PartnerKind.SOLUTIONS_PARTNER, new Ledger(), at("2022-06-01T00:00:00Z"),
                null, new CommissionCalculator.Settled(at("2022-05-01T00:00:00Z"), java.util.Set.of())))
                .as("an unchanged deal settled up to 05-01: only 06-01 is looked at")
                .extracting(PlannedEntry::monthEnd).containsExactly(at("2022-06-01T00:00:00Z"));
    }

    @Test
    void P1_an_amendment_or_churn_of_a_deal_not_closed_yet_is_kept_and_applies_once_it_is() {
        DealHistory pending = DealHistory.unknown("D1").amended(at("2022-04-10T00:00:00Z"), usd("500"));
        assertThat(calculator.entriesDue(List.of(pending), PartnerKind.SOLUTIONS_PARTNER, new Ledger(), at("2022-06-01T00:00:00Z"), null))
                .isEmpty();
        assertThat(due(pending.closed(at("2022-03-10T00:00:00Z"), usd("100")), PartnerKind.SOLUTIONS_PARTNER, new Ledger(),
                "2022-06-01T00:00:00Z", null)).extracting(PlannedEntry::amount)
                .containsExactly(usd("20.00"), usd("100.00"), usd("100.00"));
    }

    @Test
    void C2_an_amendment_in_another_currency_changes_the_currency_of_the_month_ends_after_it() {
        DealHistory deal = closed("D1", "2022-03-10T00:00:00Z", usd("100")).amended(at("2022-04-20T00:00:00Z"), new Money("90", "EUR"));
        assertThat(due(deal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-06-01T00:00:00Z", null))
                .extracting(PlannedEntry::amount)
                .containsExactly(usd("20.00"), new Money("18.00", "EUR"), new Money("18.00", "EUR"));
    }

    @Test
    void C2_accruals_made_before_a_currency_change_was_known_are_corrected_in_both_currencies() {
        DealHistory usdDeal = closed("D1", "2022-03-10T00:00:00Z", usd("100"));
        Ledger ledger = book(due(usdDeal, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-06-01T00:00:00Z", null));
        Instant amendedAt = at("2022-04-20T00:00:00Z");
        List<PlannedEntry> corrections = due(usdDeal.amended(amendedAt, new Money("1999", "JPY")),
                PartnerKind.SOLUTIONS_PARTNER, ledger, "2022-06-15T00:00:00Z", amendedAt);
        assertThat(corrections).allSatisfy(entry -> assertThat(entry.kind()).isEqualTo(EntryKind.ADJUSTMENT));
        assertThat(corrections).extracting(PlannedEntry::monthEnd, PlannedEntry::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2022-05-01T00:00:00Z"), usd("-20.00")),
                org.assertj.core.groups.Tuple.tuple(at("2022-05-01T00:00:00Z"), new Money("400", "JPY")),
                org.assertj.core.groups.Tuple.tuple(at("2022-06-01T00:00:00Z"), usd("-20.00")),
                org.assertj.core.groups.Tuple.tuple(at("2022-06-01T00:00:00Z"), new Money("400", "JPY")));
        corrections.forEach(entry -> ledger.book(new Ledger.Entry(entry.dealId(), entry.monthEnd(), entry.amount(), entry.effectiveAt())));
        assertThat(ledger.netFor("D1", at("2022-05-01T00:00:00Z")))
                .as("JPY 1999 × 20 % rounds to 400 (no minor unit); nothing is left in USD")
                .containsEntry("JPY", new BigDecimal("400")).containsEntry("USD", new BigDecimal("0.00"));
        assertThat(due(usdDeal.amended(amendedAt, new Money("1999", "JPY")), PartnerKind.SOLUTIONS_PARTNER, ledger,
                "2022-06-15T00:00:00Z", null)).as("settled: nothing more is due").isEmpty();
    }

    @Test
    void B3_the_same_facts_taken_in_in_any_order_give_the_same_accruals() {
        DealHistory inTimeOrder = DealHistory.unknown("D1").closed(at("2022-03-10T00:00:00Z"), usd("100"))
                .amended(at("2022-04-10T00:00:00Z"), new Money("90", "EUR"))
                .amended(at("2022-05-10T00:00:00Z"), usd("300"))
                .churned(at("2022-06-10T00:00:00Z"));
        DealHistory reversed = DealHistory.unknown("D1").churned(at("2022-06-10T00:00:00Z"))
                .amended(at("2022-05-10T00:00:00Z"), usd("300"))
                .amended(at("2022-04-10T00:00:00Z"), new Money("90", "EUR"))
                .closed(at("2022-03-10T00:00:00Z"), usd("100"));
        List<PlannedEntry> expected = due(inTimeOrder, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-12-01T00:00:00Z", null);
        assertThat(expected).extracting(PlannedEntry::amount)
                .as("04-01 the close, 05-01 the EUR amendment, 06-01 the USD one; the churn of 06-10 stops the rest")
                .containsExactly(usd("20.00"), new Money("18.00", "EUR"), usd("60.00"));
        assertThat(due(reversed, PartnerKind.SOLUTIONS_PARTNER, new Ledger(), "2022-12-01T00:00:00Z", null)).isEqualTo(expected);
    }
}
