package dev.prm.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Tier;

class CalibrationTest {

    private final ThresholdTable current = TierDefaults.thresholds().at(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void T10_proposed_thresholds_put_the_target_shares_of_tiered_partners_in_each_tier_after_30_percent_growth() {
        List<Calibration.Standing> standings = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) { // totals 10, 20, ..., 10000, 70 % of them sold points
            BigDecimal total = BigDecimal.valueOf(i * 10L);
            standings.add(new Calibration.Standing(i > 100 ? Tier.GOLD : Tier.SOLUTIONS_PARTNER,
                    new PointsSummary(total.multiply(new BigDecimal("0.7")), BigDecimal.ZERO, total.multiply(new BigDecimal("0.3")))));
        }

        Calibration.Result result = Calibration.calibrate(standings, current);

        assertThat(result.partners()).isEqualTo(1000);
        assertThat(result.tieredPartners()).isEqualTo(900);
        assertThat(result.partnersPerTier()).containsEntry(Tier.GOLD, 900L).containsEntry(Tier.SOLUTIONS_PARTNER, 100L);
        assertThat(result.total12mPercentiles().get("p50")).isEqualByComparingTo("5000");
        // ELITE: top 1 % of 900 tiered = 9 partners, the 9th highest total is 9920; × 1.3
        assertThat(result.proposal().requirement(Tier.ELITE).orElseThrow().totalPoints()).isEqualByComparingTo("12896");
        assertThat(result.proposal().requirement(Tier.DIAMOND).orElseThrow().totalPoints()).isEqualByComparingTo("11843");
        assertThat(result.proposal().requirement(Tier.GOLD).orElseThrow().totalPoints()).isEqualByComparingTo("221");
        // minimum sold keeps the current ratio: ELITE 3250 / 5000
        assertThat(result.proposal().requirement(Tier.ELITE).orElseThrow().minimumSold()).isEqualByComparingTo("8383");
        assertThat(result.sharesIfTieredPartnersGrow().get(Tier.ELITE)).isEqualByComparingTo("0.0100");
        assertThat(result.sharesIfTieredPartnersGrow().get(Tier.DIAMOND)).isEqualByComparingTo("0.1000");
        assertThat(result.sharesIfTieredPartnersGrow().get(Tier.PLATINUM)).isEqualByComparingTo("0.4000");
        assertThat(result.sharesToday().get(Tier.ELITE)).as("without growth nobody would keep ELITE").isZero();
    }
}
