package dev.prm.tier.domain;

import static dev.prm.contracts.Tier.DIAMOND;
import static dev.prm.contracts.Tier.GOLD;
import static dev.prm.contracts.Tier.PLATINUM;
import static dev.prm.contracts.Tier.SOLUTIONS_PARTNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Tier;

class TierDecisionsTest {

    @Test
    void T7_a_monthly_evaluation_promotes_and_never_demotes() {
        assertThat(TierDecisions.monthly(GOLD, PLATINUM)).contains(PLATINUM);
        assertThat(TierDecisions.monthly(GOLD, GOLD)).isEmpty();
        assertThat(TierDecisions.monthly(DIAMOND, SOLUTIONS_PARTNER)).isEmpty();
    }

    @Test
    void T8_the_highest_tier_of_the_window_wins_and_no_evaluation_keeps_the_tier() {
        TreeMap<Instant, Tier> evaluations = new TreeMap<>();
        evaluations.put(Instant.parse("2022-07-01T00:00:00Z"), DIAMOND); // before the window of January 15
        evaluations.put(Instant.parse("2022-08-01T00:00:00Z"), GOLD);
        evaluations.put(Instant.parse("2022-11-01T00:00:00Z"), PLATINUM);
        evaluations.put(Instant.parse("2023-01-01T00:00:00Z"), SOLUTIONS_PARTNER);

        var best = TierDecisions.semiannual(evaluations, Instant.parse("2023-01-15T00:00:00Z")).orElseThrow();
        assertThat(best.getValue()).isEqualTo(PLATINUM);
        assertThat(best.getKey()).isEqualTo(Instant.parse("2022-11-01T00:00:00Z"));

        assertThat(TierDecisions.semiannual(evaluations, Instant.parse("2024-01-15T00:00:00Z"))).isEmpty();
    }
}
