package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

class MonthEndsTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void B1_a_month_end_is_midnight_utc_on_the_first_and_closes_the_month_before() {
        assertThat(MonthEnds.closing(YearMonth.of(2022, 3))).isEqualTo(at("2022-04-01T00:00:00Z"));
        assertThat(MonthEnds.monthClosedBy(at("2022-04-01T00:00:00Z"))).isEqualTo(YearMonth.of(2022, 3));
        assertThat(MonthEnds.monthClosedBy(at("2023-01-01T00:00:00Z"))).as("across the year").isEqualTo(YearMonth.of(2022, 12));
        assertThatThrownBy(() -> MonthEnds.monthClosedBy(at("2022-04-01T00:00:01Z"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void B1_the_next_month_end_is_strictly_after_and_crosses_years_and_leap_days() {
        assertThat(MonthEnds.nextAfter(at("2022-12-31T23:59:59Z"))).isEqualTo(at("2023-01-01T00:00:00Z"));
        assertThat(MonthEnds.nextAfter(at("2023-01-01T00:00:00Z"))).as("a close at a month end is in the new month")
                .isEqualTo(at("2023-02-01T00:00:00Z"));
        assertThat(MonthEnds.nextAfter(at("2024-02-29T12:00:00Z"))).as("leap day").isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(MonthEnds.monthClosedBy(at("2024-03-01T00:00:00Z"))).isEqualTo(YearMonth.of(2024, 2));
    }

    @Test
    void B1_the_month_ends_crossed_by_one_step_are_listed_oldest_first() {
        assertThat(MonthEnds.between(at("2022-11-15T00:00:00Z"), at("2023-03-01T00:00:00Z"))).containsExactly(
                at("2022-12-01T00:00:00Z"), at("2023-01-01T00:00:00Z"), at("2023-02-01T00:00:00Z"), at("2023-03-01T00:00:00Z"));
        assertThat(MonthEnds.between(at("2022-12-01T00:00:00Z"), at("2022-12-31T23:59:59Z"))).isEmpty();
    }
}
