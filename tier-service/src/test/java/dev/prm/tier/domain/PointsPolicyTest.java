package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.prm.contracts.Money;
import dev.prm.tier.domain.PointsPolicy.Kind;

class PointsPolicyTest {

    private static final Instant IN_2022 = Instant.parse("2022-06-01T00:00:00Z");
    private final PointsPolicy policy = TierDefaults.pointsPolicy();

    @ParameterizedTest(name = "T2 2022 table: {0} {1} is one unit of US$100")
    @CsvSource({"100, USD", "105, AUD", "75, EUR", "62.50, GBP", "12000, JPY", "1545, ZAR", "130, CAD", "300300, COP", "140, SGD"})
    void T2_the_default_table_counts_each_currency_amount_as_us100(String amount, String currency) {
        assertThat(policy.points(Kind.SOLD, new Money(amount, currency), "US", IN_2022).value()).isEqualByComparingTo("5");
    }

    @Test
    void T2_the_later_policy_applies_from_2024_02_27_and_not_a_moment_before() {
        Money yen = new Money("14400", "JPY");
        Instant before = Instant.parse("2024-02-26T23:59:59Z");
        Instant from = Instant.parse("2024-02-27T00:00:00Z");

        assertThat(policy.points(Kind.SOLD, yen, "JP", before).value()).isEqualByComparingTo("6.00"); // 14400 / 12000 × 5
        assertThat(policy.points(Kind.SOLD, yen, "JP", from).value()).isEqualByComparingTo("5.00");
        assertThat(policy.points(Kind.SOLD, new Money("88", "EUR"), "DE", from).value()).isEqualByComparingTo("5.00");
        assertThat(policy.points(Kind.SOLD, new Money("140", "SGD"), "DE", from).value()).as("unchanged").isEqualByComparingTo("5.00");
    }

    @Test
    void T2_a_currency_missing_from_the_table_in_force_is_bad_input() {
        assertThatThrownBy(() -> policy.points(Kind.SOLD, new Money("1000", "KRW"), "KR", IN_2022))
                .isInstanceOf(UnknownCurrencyException.class).hasMessageContaining("KRW");
    }

    @Test
    void C2_a_currency_an_amendment_brings_that_the_closes_table_lacks_converts_with_the_amendments_table() {
        Instant chfFrom = Instant.parse("2024-03-01T00:00:00Z");
        PointsPolicy withChf = new PointsPolicy(TierDefaults.currencies().with(new dev.prm.program.Versioned.Version<>("with-chf",
                chfFrom, TierDefaults.currencies().at(chfFrom).with(java.util.Map.of("CHF", new java.math.BigDecimal("90"))))),
                TierDefaults.pointsFactors(), TierDefaults.emergingMarkets());
        assertThat(withChf.points(Kind.SOLD, new Money("180", "CHF"), "IN", IN_2022, Instant.parse("2024-03-05T00:00:00Z")).value())
                .as("2 units × 5, × 2 with the close's emerging markets").isEqualByComparingTo("20.00");
        assertThat(withChf.points(Kind.SOLD, new Money("14400", "JPY"), "JP", IN_2022, Instant.parse("2024-03-05T00:00:00Z")).value())
                .as("a currency the close's table has converts with it").isEqualByComparingTo("6.00");
    }

    @Test
    void T3_sold_points_are_five_per_unit_and_managed_points_one() {
        Money mrr = new Money("1000", "USD");
        assertThat(policy.points(Kind.SOLD, mrr, "US", IN_2022).value()).isEqualByComparingTo("50");
        assertThat(policy.points(Kind.MANAGED, mrr, "US", IN_2022).value()).isEqualByComparingTo("10");
    }

    @ParameterizedTest(name = "T4 {0} is an emerging market: {1}")
    @CsvSource({"IN, 2", "BR, 2", "MX, 2", "CN, 2", "KR, 2", "SG, 2", "VN, 2", "JP, 1", "US, 1", "DE, 1", "AU, 1"})
    void T4_customers_in_emerging_markets_count_double(String country, String factor) {
        PointsPolicy.Points points = policy.points(Kind.MANAGED, new Money("100", "USD"), country, IN_2022);
        assertThat(points.emergingMarketFactor()).isEqualByComparingTo(factor);
        assertThat(points.value()).isEqualByComparingTo(factor);
    }

    @ParameterizedTest(name = "rounding: {0} {1} → {2} points")
    @CsvSource({
            "1234.50, JPY, 0.51",   // 0.102875 units × 5 = 0.514375
            "0.10, USD, 0.01",      // 0.001 × 5 = 0.005: half-up
            "0.09, USD, 0.00",      // 0.0045
            "1, GBP, 0.08",         // 0.016 × 5 = 0.08
            "100, COP, 0.00"})      // 0.000333 × 5
    void T3_points_are_rounded_to_two_decimals_half_up_per_deal(String amount, String currency, String expected) {
        assertThat(policy.points(Kind.SOLD, new Money(amount, currency), "US", IN_2022).value()).isEqualByComparingTo(expected);
    }
}
