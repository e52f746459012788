package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowsTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void T5_the_window_is_open_at_its_start_and_closed_at_its_end() {
        Instant d = at("2023-04-01T00:00:00Z");
        assertThat(Windows.inWindow(at("2022-04-01T00:00:00Z"), d, 12)).as("exactly 12 months before: out").isFalse();
        assertThat(Windows.inWindow(at("2022-04-01T00:00:00.001Z"), d, 12)).isTrue();
        assertThat(Windows.inWindow(d, d, 12)).as("at D: in").isTrue();
        assertThat(Windows.inWindow(at("2023-04-01T00:00:00.001Z"), d, 12)).as("after D: out").isFalse();
        assertThat(Windows.inWindow(at("2022-10-01T00:00:00Z"), d, 6)).isFalse();
        assertThat(Windows.inWindow(at("2022-10-01T00:00:01Z"), d, 6)).isTrue();
    }

    @Test
    void T5_months_are_calendar_months_and_a_missing_day_falls_back_to_the_last_of_the_month() {
        assertThat(Windows.monthsBefore(at("2024-02-29T12:00:00Z"), 12)).isEqualTo(at("2023-02-28T12:00:00Z"));
        assertThat(Windows.monthsBefore(at("2023-08-31T00:00:00Z"), 6)).isEqualTo(at("2023-02-28T00:00:00Z"));
        assertThat(Windows.monthsBefore(at("2024-08-31T00:00:00Z"), 6)).as("leap year").isEqualTo(at("2024-02-29T00:00:00Z"));
    }

    @Test
    void B1_the_next_month_end_is_midnight_utc_on_the_first() {
        assertThat(Windows.nextMonthEnd(at("2024-01-31T23:59:59Z"))).isEqualTo(at("2024-02-01T00:00:00Z"));
        assertThat(Windows.nextMonthEnd(at("2024-02-01T00:00:00Z"))).as("strictly after").isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(Windows.nextMonthEnd(at("2023-12-15T08:00:00Z"))).isEqualTo(at("2024-01-01T00:00:00Z"));
    }
}
