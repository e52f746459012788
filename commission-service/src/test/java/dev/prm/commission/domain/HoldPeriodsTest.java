package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.commission.domain.HoldPeriods.HoldPeriod;

class HoldPeriodsTest {

    private static final Instant DEADLINE = Instant.parse("2022-04-01T00:00:00Z");
    private static final Instant RESTORED = Instant.parse("2022-05-10T08:00:00Z");
    private static final Instant MARCH_ACCRUAL = Instant.parse("2022-04-01T00:00:00Z");
    private static final Instant APRIL_ACCRUAL = Instant.parse("2022-05-01T00:00:00Z");
    private static final Instant MAY_ACCRUAL = Instant.parse("2022-06-01T00:00:00Z");

    @Test
    void R7_a_passed_deadline_opens_a_hold_that_runs_until_the_partner_is_back_under_cap() {
        HoldPeriods open = HoldPeriods.from(List.of(DEADLINE), List.of());
        assertThat(open.periods()).containsExactly(new HoldPeriod(DEADLINE, null));
        assertThat(open.runningAt(DEADLINE)).isPresent();
        assertThat(open.runningAt(DEADLINE.minusNanos(1))).isEmpty();

        HoldPeriods closed = HoldPeriods.from(List.of(DEADLINE), List.of(RESTORED));
        assertThat(closed.periods()).containsExactly(new HoldPeriod(DEADLINE, RESTORED));
        assertThat(closed.runningAt(RESTORED)).as("restoration exclusive").isEmpty();
    }

    @Test
    void C3_the_seed_case_march_and_april_accruals_are_held_then_released_and_may_is_payable() {
        HoldPeriods holds = HoldPeriods.from(List.of(DEADLINE), List.of(RESTORED));
        Instant whileHeld = Instant.parse("2022-05-05T00:00:00Z");

        assertThat(holds.statusAt(MARCH_ACCRUAL, MARCH_ACCRUAL, whileHeld).status()).as("deadline inclusive").isEqualTo(CommissionStatus.HELD);
        assertThat(holds.statusAt(APRIL_ACCRUAL, APRIL_ACCRUAL, whileHeld).status()).isEqualTo(CommissionStatus.HELD);
        assertThat(holds.statusAt(Instant.parse("2022-03-01T00:00:00Z"), Instant.parse("2022-03-01T00:00:00Z"), whileHeld))
                .isEqualTo(EntryStatus.PAYABLE);

        EntryStatus released = holds.statusAt(APRIL_ACCRUAL, APRIL_ACCRUAL, RESTORED);
        assertThat(released.status()).isEqualTo(CommissionStatus.PAYABLE);
        assertThat(released.heldSince()).isEqualTo(DEADLINE);
        assertThat(released.releasedAt()).isEqualTo(RESTORED);
        assertThat(holds.statusAt(MAY_ACCRUAL, MAY_ACCRUAL, MAY_ACCRUAL)).as("restoration exclusive").isEqualTo(EntryStatus.PAYABLE);
    }

    @Test
    void C3_the_periods_depend_on_the_effective_times_of_the_facts_not_their_arrival() {
        Instant secondDeadline = Instant.parse("2022-09-01T00:00:00Z");
        Instant secondRestore = Instant.parse("2023-01-15T00:00:00Z");
        HoldPeriods inOrder = HoldPeriods.from(List.of(DEADLINE, secondDeadline), List.of(RESTORED, secondRestore));
        HoldPeriods reversed = HoldPeriods.from(List.of(secondDeadline, DEADLINE), List.of(secondRestore, RESTORED));
        assertThat(reversed.periods()).isEqualTo(inOrder.periods()).containsExactly(
                new HoldPeriod(DEADLINE, RESTORED), new HoldPeriod(secondDeadline, secondRestore));
    }

    @Test
    void C3_a_restoration_without_a_passed_deadline_or_at_the_deadline_itself_holds_nothing() {
        assertThat(HoldPeriods.from(List.of(), List.of(RESTORED)).periods()).isEmpty();
        assertThat(HoldPeriods.from(List.of(DEADLINE), List.of(DEADLINE)).periods()).isEmpty();
    }

    @Test
    void C3_a_hold_spanning_several_months_holds_each_of_their_accruals_until_it_ends() {
        Instant until = Instant.parse("2022-09-20T00:00:00Z");
        HoldPeriods holds = HoldPeriods.from(List.of(DEADLINE), List.of(until));
        for (String monthEnd : List.of("2022-04-01", "2022-05-01", "2022-06-01", "2022-07-01", "2022-08-01", "2022-09-01")) {
            Instant at = Instant.parse(monthEnd + "T00:00:00Z");
            assertThat(holds.statusAt(at, at, until.minusSeconds(1)).held()).as(monthEnd).isTrue();
            assertThat(holds.statusAt(at, at, until).released()).as(monthEnd).isTrue();
        }
        Instant october = Instant.parse("2022-10-01T00:00:00Z");
        assertThat(holds.statusAt(october, october, october)).isEqualTo(EntryStatus.PAYABLE);
    }

    @Test
    void C3_an_entry_known_only_after_its_hold_ended_is_payable_at_once() {
        HoldPeriods holds = HoldPeriods.from(List.of(DEADLINE), List.of(RESTORED));
        Instant lateEnrolment = Instant.parse("2022-07-01T00:00:00Z");
        assertThat(holds.statusAt(APRIL_ACCRUAL, lateEnrolment, lateEnrolment)).isEqualTo(EntryStatus.PAYABLE);
    }
}
