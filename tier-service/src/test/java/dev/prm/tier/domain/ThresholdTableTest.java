package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Tier;

class ThresholdTableTest {

    private final ThresholdTable defaults = TierDefaults.thresholds().at(java.time.Instant.parse("2022-01-01T00:00:00Z"));

    @ParameterizedTest(name = "T6 sold {0} + managed {1} qualifies for {2}")
    @CsvSource({
            "0, 0, SOLUTIONS_PARTNER",
            "105, 65, GOLD",              // exactly the GOLD total and minimum sold
            "104.99, 100, SOLUTIONS_PARTNER", // total is enough, sold points are not
            "105, 64.99, SOLUTIONS_PARTNER",
            "190, 200, PLATINUM",
            "189, 500, GOLD",             // PLATINUM's total is met, its minimum sold is not
            "500, 500, DIAMOND",
            "3250, 1750, ELITE",
            "3249, 5000, DIAMOND"})
    void T6_the_qualified_tier_is_the_highest_whose_total_and_minimum_sold_both_hold(String sold, String managed, Tier expected) {
        PointsSummary points = new PointsSummary(new BigDecimal(sold), BigDecimal.ZERO, new BigDecimal(managed));
        assertThat(defaults.qualifiedTier(points)).isEqualTo(expected);
    }

    @Test
    void T6_a_table_must_rise_with_the_tier_and_keep_the_minimum_within_the_total() {
        assertThatThrownBy(() -> ThresholdTable.of("400", "105", "390", "190", "1000", "500", "5000", "3250"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PLATINUM");
        assertThatThrownBy(() -> ThresholdTable.of("170", "200", "390", "190", "1000", "500", "5000", "3250"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOLD");
    }
}
