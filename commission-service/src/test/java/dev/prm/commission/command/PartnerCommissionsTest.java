package dev.prm.commission.command;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prm.commission.domain.CommissionCalculator;
import dev.prm.commission.domain.CommissionStatus;
import dev.prm.commission.domain.EntryKind;
import dev.prm.commission.domain.HoldPeriods;
import dev.prm.commission.domain.MonthEnds;
import dev.prm.commission.domain.CommissionDefaults;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

class PartnerCommissionsTest {

    private static final String P1 = "P1";
    private static final Instant FEB_15 = Instant.parse("2022-02-15T10:00:00Z");
    private static final Instant MAR_1 = Instant.parse("2022-03-01T00:00:00Z");
    private static final Instant APR_1 = Instant.parse("2022-04-01T00:00:00Z");
    private static final Instant MAY_1 = Instant.parse("2022-05-01T00:00:00Z");
    private static final Instant MAY_10 = Instant.parse("2022-05-10T08:00:00Z");
    private static final Instant JUN_1 = Instant.parse("2022-06-01T00:00:00Z");
    private static final BigDecimal RATE = new BigDecimal("0.20");

    private final Money usd1000 = new Money("1000", "USD");
    private AggregateTestFixture<PartnerCommissions> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(PartnerCommissions.class);
        fixture.registerInjectableResource(new CommissionCalculator(CommissionDefaults.commissionPolicy()));
    }

    private static CommissionsSettled.Entry entry(Instant monthEnd, String amount, EntryKind kind, CommissionStatus status,
                                                  Instant effectiveAt) {
        return entry(monthEnd, new Money(amount, "USD"), kind, status, effectiveAt);
    }

    private static CommissionsSettled.Entry entry(Instant monthEnd, Money amount, EntryKind kind, CommissionStatus status,
                                                  Instant effectiveAt) {
        return new CommissionsSettled.Entry("D1", MonthEnds.monthClosedBy(monthEnd).toString(), monthEnd,
                amount, kind, RATE, "commission-2022", PartnerKind.SOLUTIONS_PARTNER, effectiveAt, status);
    }

    private static CommissionsSettled.Entry accrual(Instant monthEnd, CommissionStatus status) {
        return entry(monthEnd, "200.00", EntryKind.ACCRUAL, status, monthEnd);
    }

    /** One settlement: every entry it booked, in one stored event. */
    private static CommissionsSettled settled(CommissionsSettled.Entry... entries) {
        return new CommissionsSettled(P1, List.of(entries));
    }

    /** The shape stored before {@link CommissionsSettled}: one event per deal and month end. */
    private static CommissionEntryRecorded recorded(CommissionsSettled.Entry entry) {
        return new CommissionEntryRecorded(P1, entry.dealId(), entry.month(), entry.monthEnd(), entry.amount(), entry.entryKind(),
                entry.rate(), entry.policyVersion(), entry.partnerKind(), entry.effectiveAt(), entry.status());
    }

    @Test
    void P1_a_deal_of_a_partner_not_known_yet_creates_it_and_is_kept_until_business_time_reaches_its_month_ends() {
        fixture.givenNoPriorActivity()
                .when(new RecordDealClosed(P1, "D1", usd1000, FEB_15, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DealRecorded(P1, "D1", usd1000, FEB_15));
    }

    @Test
    void C1_a_step_of_business_time_over_several_month_ends_accrues_each_of_them_in_order() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15))
                .when(new SettleCommissions(P1, Instant.parse("2022-05-20T00:00:00Z")))
                .expectEvents(settled(accrual(MAR_1, CommissionStatus.PAYABLE), accrual(APR_1, CommissionStatus.PAYABLE),
                        accrual(MAY_1, CommissionStatus.PAYABLE)));
    }

    @Test
    void C1_a_deal_read_after_its_month_ends_passed_is_accrued_for_each_of_them_at_once() {
        fixture.givenNoPriorActivity()
                .when(new RecordDealClosed(P1, "D1", usd1000, FEB_15, APR_1))
                .expectEvents(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE),
                        accrual(APR_1, CommissionStatus.PAYABLE)));
    }

    @Test
    void a_deal_closed_again_under_another_event_id_changes_nothing() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)))
                .when(new RecordDealClosed(P1, "D1", new Money("5000", "USD"), FEB_15.plusSeconds(60), MAR_1))
                .expectNoEvents();
    }

    @Test
    void R7_a_deadline_passed_while_over_cap_places_a_hold_from_the_deadline_and_holds_the_accrual_of_that_month_end() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)))
                .when(new RecordCapDeadlinePassed(P1, APR_1, APR_1))
                .expectEvents(new CapDeadlinePassedRecorded(P1, APR_1), new HoldPlaced(P1, APR_1, HoldPeriods.REASON),
                        settled(accrual(APR_1, CommissionStatus.HELD)));
    }

    @Test
    void C3_the_seed_case_the_restoration_releases_the_march_and_april_accruals_once_business_time_reaches_it() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        new CapDeadlinePassedRecorded(P1, APR_1), new HoldPlaced(P1, APR_1, HoldPeriods.REASON),
                        settled(accrual(APR_1, CommissionStatus.HELD)), settled(accrual(MAY_1, CommissionStatus.HELD)))
                .when(new RecordCapRestored(P1, MAY_10, MAY_10))
                .expectEvents(new CapRestoredRecorded(P1, MAY_10),
                        new HoldReleased(P1, APR_1, MAY_10, List.of(new Money("400.00", "USD"))));
    }

    @Test
    void C3_a_restoration_read_before_business_time_reaches_it_is_released_when_it_does() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        new CapDeadlinePassedRecorded(P1, APR_1), new HoldPlaced(P1, APR_1, HoldPeriods.REASON),
                        settled(accrual(APR_1, CommissionStatus.HELD)), new CapRestoredRecorded(P1, MAY_10))
                .when(new SettleCommissions(P1, MAY_10))
                .expectEvents(settled(accrual(MAY_1, CommissionStatus.HELD)),
                        new HoldReleased(P1, APR_1, MAY_10, List.of(new Money("400.00", "USD"))));
    }

    @Test
    void C3_a_hold_read_after_the_accruals_it_covers_still_holds_and_releases_them_whatever_the_order() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE),
                        accrual(APR_1, CommissionStatus.PAYABLE), accrual(MAY_1, CommissionStatus.PAYABLE)),
                        new CapRestoredRecorded(P1, MAY_10))
                .when(new RecordCapDeadlinePassed(P1, APR_1, JUN_1))
                .expectEvents(new CapDeadlinePassedRecorded(P1, APR_1), new HoldPlaced(P1, APR_1, HoldPeriods.REASON),
                        settled(accrual(JUN_1, CommissionStatus.PAYABLE)),
                        new HoldReleased(P1, APR_1, MAY_10, List.of(new Money("400.00", "USD"))));
    }

    @Test
    void C2_a_late_amendment_adds_signed_adjustments_to_the_month_ends_after_it() {
        Instant amendedAt = Instant.parse("2022-03-20T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        settled(accrual(APR_1, CommissionStatus.PAYABLE)))
                .when(new RecordDealAmended(P1, "D1", new Money("1500", "USD"), amendedAt, APR_1))
                .expectEvents(new DealAmendmentRecorded(P1, "D1", new Money("1500", "USD"), amendedAt),
                        settled(entry(APR_1, "100.00", EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1)));
    }

    @Test
    void C2_a_late_churn_reverses_the_accruals_of_the_month_ends_after_it_and_a_held_one_stays_held() {
        Instant churnedAt = Instant.parse("2022-03-20T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        new CapDeadlinePassedRecorded(P1, APR_1), new HoldPlaced(P1, APR_1, HoldPeriods.REASON),
                        settled(accrual(APR_1, CommissionStatus.HELD)))
                .when(new RecordDealChurned(P1, "D1", churnedAt, APR_1))
                .expectEvents(new DealChurnRecorded(P1, "D1", churnedAt),
                        settled(entry(APR_1, "-200.00", EntryKind.ADJUSTMENT, CommissionStatus.HELD, APR_1)));
    }

    @Test
    void C2_an_amendment_may_change_the_deals_currency_and_month_ends_after_it_accrue_in_the_new_one() {
        Instant amendedAt = Instant.parse("2022-03-20T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15),
                        new DealAmendmentRecorded(P1, "D1", new Money("150000", "JPY"), amendedAt))
                .when(new SettleCommissions(P1, APR_1))
                .expectEvents(settled(accrual(MAR_1, CommissionStatus.PAYABLE),
                        entry(APR_1, new Money("30000", "JPY"), EntryKind.ACCRUAL, CommissionStatus.PAYABLE, APR_1)));
    }

    @Test
    void C2_a_late_amendment_that_changes_the_currency_reverses_in_the_old_one_and_books_in_the_new_one() {
        Instant amendedAt = Instant.parse("2022-03-20T00:00:00Z");
        Instant now = Instant.parse("2022-04-03T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        settled(accrual(APR_1, CommissionStatus.PAYABLE)))
                .when(new RecordDealAmended(P1, "D1", new Money("150000", "JPY"), amendedAt, now))
                .expectEvents(new DealAmendmentRecorded(P1, "D1", new Money("150000", "JPY"), amendedAt),
                        settled(entry(APR_1, "-200.00", EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1),
                                entry(APR_1, new Money("30000", "JPY"), EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1)));
    }

    @Test
    void C2_a_currency_changed_back_reverses_the_second_currency_and_completes_the_first() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        settled(accrual(APR_1, CommissionStatus.PAYABLE)),
                        new DealAmendmentRecorded(P1, "D1", new Money("150000", "JPY"), Instant.parse("2022-03-20T00:00:00Z")),
                        settled(entry(APR_1, "-200.00", EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1),
                                entry(APR_1, new Money("30000", "JPY"), EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1)))
                .when(new RecordDealAmended(P1, "D1", new Money("1100", "USD"), Instant.parse("2022-03-25T00:00:00Z"), APR_1))
                .expectEvents(new DealAmendmentRecorded(P1, "D1", new Money("1100", "USD"), Instant.parse("2022-03-25T00:00:00Z")),
                        settled(entry(APR_1, new Money("-30000", "JPY"), EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1),
                                entry(APR_1, "220.00", EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1)));
    }

    @Test
    void C3_a_hold_releases_what_it_held_per_currency_after_a_currency_change() {
        Instant amendedAt = Instant.parse("2022-03-20T00:00:00Z");
        Instant restoredAt = Instant.parse("2022-04-15T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), new CapDeadlinePassedRecorded(P1, MAR_1),
                        new HoldPlaced(P1, MAR_1, HoldPeriods.REASON), settled(accrual(MAR_1, CommissionStatus.HELD)),
                        settled(accrual(APR_1, CommissionStatus.HELD)))
                .andGivenCommands(new RecordDealAmended(P1, "D1", new Money("150000", "JPY"), amendedAt, APR_1))
                .when(new RecordCapRestored(P1, restoredAt, restoredAt))
                .expectEvents(new CapRestoredRecorded(P1, restoredAt),
                        new HoldReleased(P1, MAR_1, restoredAt, List.of(new Money("30000", "JPY"), new Money("200.00", "USD"))));
    }

    @Test
    void B3_an_amendment_and_a_churn_dated_after_a_month_end_taken_in_before_it_do_not_change_its_accrual() {
        Instant amendedAt = Instant.parse("2022-04-10T00:00:00Z");
        Instant churnedAt = Instant.parse("2022-04-20T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15),
                        new DealAmendmentRecorded(P1, "D1", new Money("150000", "JPY"), amendedAt),
                        new DealAmendmentRecorded(P1, "D1", new Money("9000", "USD"), APR_1),
                        new DealChurnRecorded(P1, "D1", churnedAt))
                .when(new SettleCommissions(P1, APR_1))
                .expectEvents(settled(accrual(MAR_1, CommissionStatus.PAYABLE),
                        accrual(APR_1, CommissionStatus.PAYABLE))); // an amendment at 04-01 itself applies from 05-01
    }

    @Test
    void B3_a_churn_taken_in_before_the_month_end_it_precedes_stops_the_accruals_after_it_only() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15),
                        new DealAmendmentRecorded(P1, "D1", new Money("150000", "JPY"), Instant.parse("2022-04-10T00:00:00Z")),
                        new DealChurnRecorded(P1, "D1", Instant.parse("2022-05-20T00:00:00Z")))
                .when(new SettleCommissions(P1, JUN_1))
                .expectEvents(settled(accrual(MAR_1, CommissionStatus.PAYABLE), accrual(APR_1, CommissionStatus.PAYABLE),
                        entry(MAY_1, new Money("30000", "JPY"), EntryKind.ACCRUAL, CommissionStatus.PAYABLE, MAY_1)));
    }

    @Test
    void C1_an_enrolment_as_provider_keeps_the_first_twelve_month_ends_and_reverses_the_rest() {
        Instant enrolledAt = Instant.parse("2023-03-10T00:00:00Z");
        AggregateTestFixture<PartnerCommissions> provider = fixture;
        provider.given(new DealRecorded(P1, "D1", usd1000, FEB_15))
                .andGivenCommands(new SettleCommissions(P1, Instant.parse("2023-03-01T00:00:00Z")))
                .when(new RecordEnrolment(P1, PartnerKind.PROVIDER, enrolledAt, enrolledAt))
                .expectEvents(new PartnerKindRecorded(P1, PartnerKind.PROVIDER, enrolledAt),
                        settled(new CommissionsSettled.Entry("D1", "2023-02", Instant.parse("2023-03-01T00:00:00Z"),
                                new Money("-200.00", "USD"), EntryKind.ADJUSTMENT, RATE, "commission-2022", PartnerKind.PROVIDER,
                                enrolledAt, CommissionStatus.PAYABLE)));
    }
    @Test
    void C1_a_month_end_settles_every_deal_of_the_partner_in_one_stored_event() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), new DealRecorded(P1, "D2", new Money("500", "USD"), FEB_15))
                .when(new SettleCommissions(P1, MAR_1))
                .expectEvents(settled(accrual(MAR_1, CommissionStatus.PAYABLE),
                        new CommissionsSettled.Entry("D2", "2022-02", MAR_1, new Money("100.00", "USD"), EntryKind.ACCRUAL, RATE,
                                "commission-2022", PartnerKind.SOLUTIONS_PARTNER, MAR_1, CommissionStatus.PAYABLE)));
    }

    @Test
    void C1_a_settlement_with_nothing_due_stores_nothing() {
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), settled(accrual(MAR_1, CommissionStatus.PAYABLE)))
                .when(new SettleCommissions(P1, Instant.parse("2022-03-20T00:00:00Z")))
                .expectNoEvents();
    }

    @Test
    void C2_a_stream_of_the_old_one_entry_per_deal_and_month_shape_is_read_and_settled_on_without_booking_twice() {
        Instant amendedAt = Instant.parse("2022-03-20T00:00:00Z");
        fixture.given(new DealRecorded(P1, "D1", usd1000, FEB_15), recorded(accrual(MAR_1, CommissionStatus.PAYABLE)),
                        recorded(accrual(APR_1, CommissionStatus.PAYABLE)))
                .when(new RecordDealAmended(P1, "D1", new Money("1500", "USD"), amendedAt, MAY_1))
                .expectEvents(new DealAmendmentRecorded(P1, "D1", new Money("1500", "USD"), amendedAt),
                        settled(entry(APR_1, "100.00", EntryKind.ADJUSTMENT, CommissionStatus.PAYABLE, APR_1),
                                entry(MAY_1, "300.00", EntryKind.ACCRUAL, CommissionStatus.PAYABLE, MAY_1)));
    }
}
