package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TierCalendarTest {

    private final TierCalendar calendar = TierCalendar.programDefault();

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void B1_a_tick_that_jumps_several_months_yields_every_decision_in_time_order() {
        assertThat(calendar.between(at("2022-06-20T00:00:00Z"), at("2022-09-01T00:00:00Z")))
                .extracting(d -> d.kind() + "@" + d.at())
                .containsExactly(
                        "MONTH_END@2022-07-01T00:00:00Z",
                        "REEVALUATION@2022-07-15T00:00:00Z",
                        "MONTH_END@2022-08-01T00:00:00Z",
                        "MONTH_END@2022-09-01T00:00:00Z");
    }

    @Test
    void B1_the_interval_is_open_at_the_previous_time_and_closed_at_the_new_one() {
        assertThat(calendar.between(at("2022-07-01T00:00:00Z"), at("2022-07-15T00:00:00Z")))
                .extracting(TierCalendar.Decision::kind).containsExactly(TierCalendar.Kind.REEVALUATION);
        assertThat(calendar.between(at("2022-07-15T00:00:00Z"), at("2022-07-31T23:59:59Z"))).isEmpty();
        assertThat(calendar.between(null, at("2022-07-31T23:59:59Z"))).as("the first tick only sets the time").isEmpty();
    }

    @Test
    void T8_the_next_re_evaluation_is_strictly_after_the_instant() {
        assertThat(calendar.nextReevaluation(at("2022-07-14T23:59:59Z"))).isEqualTo(at("2022-07-15T00:00:00Z"));
        assertThat(calendar.nextReevaluation(at("2022-07-15T00:00:00Z"))).isEqualTo(at("2023-01-15T00:00:00Z"));
        assertThat(calendar.nextReevaluation(at("2022-12-31T12:00:00Z"))).isEqualTo(at("2023-01-15T00:00:00Z"));
    }

    @Test
    void T8_the_january_re_evaluation_counts_the_evaluations_of_august_1_to_january_1() {
        Instant january15 = at("2023-01-15T00:00:00Z");
        assertThat(TierCalendar.countsFor(at("2022-07-01T00:00:00Z"), january15)).isFalse();
        assertThat(TierCalendar.countsFor(at("2022-08-01T00:00:00Z"), january15)).isTrue();
        assertThat(TierCalendar.countsFor(at("2023-01-01T00:00:00Z"), january15)).isTrue();
        assertThat(TierCalendar.countsFor(january15, january15)).isFalse();
    }

    @Test
    void B1_month_ends_across_a_year_and_a_leap_february() {
        assertThat(calendar.between(at("2023-12-31T12:00:00Z"), at("2024-03-01T00:00:00Z")))
                .extracting(d -> d.at().toString())
                .containsExactly("2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z");
    }
}
