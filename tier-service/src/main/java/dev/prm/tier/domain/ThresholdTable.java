package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import dev.prm.contracts.Tier;

/**
 * T6: one version of the thresholds, for GOLD to ELITE. The qualified tier is the highest whose total
 * (total12m) and minimum sold (sold12m) requirements both hold; none: SOLUTIONS_PARTNER.
 */
public record ThresholdTable(Map<Tier, Requirement> requirements) {

    public ThresholdTable {
        requirements = new EnumMap<>(requirements);
        Requirement previous = null;
        for (Tier tier : Tier.values()) {
            if (tier == Tier.SOLUTIONS_PARTNER) {
                continue;
            }
            Requirement requirement = requirements.get(tier);
            if (requirement == null) {
                throw new IllegalArgumentException("a threshold table needs a requirement for " + tier);
            }
            if (requirement.totalPoints().signum() < 0 || requirement.minimumSold().signum() < 0) {
                throw new IllegalArgumentException(tier + ": thresholds cannot be negative");
            }
            if (requirement.minimumSold().compareTo(requirement.totalPoints()) > 0) {
                throw new IllegalArgumentException(tier + ": the minimum of sold points cannot exceed the total");
            }
            if (previous != null && (requirement.totalPoints().compareTo(previous.totalPoints()) <= 0
                    || requirement.minimumSold().compareTo(previous.minimumSold()) < 0)) {
                throw new IllegalArgumentException(tier + ": thresholds must rise with the tier");
            }
            previous = requirement;
        }
        requirements = Map.copyOf(requirements);
    }

    public static ThresholdTable of(String goldTotal, String goldSold, String platinumTotal, String platinumSold,
                                    String diamondTotal, String diamondSold, String eliteTotal, String eliteSold) {
        return new ThresholdTable(Map.of(
                Tier.GOLD, new Requirement(new BigDecimal(goldTotal), new BigDecimal(goldSold)),
                Tier.PLATINUM, new Requirement(new BigDecimal(platinumTotal), new BigDecimal(platinumSold)),
                Tier.DIAMOND, new Requirement(new BigDecimal(diamondTotal), new BigDecimal(diamondSold)),
                Tier.ELITE, new Requirement(new BigDecimal(eliteTotal), new BigDecimal(eliteSold))));
    }

    public Tier qualifiedTier(PointsSummary points) {
        Tier qualified = Tier.SOLUTIONS_PARTNER;
        for (Tier tier : Tier.values()) {
            Requirement requirement = requirements.get(tier);
            if (requirement != null && requirement.metBy(points)) {
                qualified = tier;
            }
        }
        return qualified;
    }

    public Optional<Requirement> requirement(Tier tier) {
        return Optional.ofNullable(requirements.get(tier));
    }

    /** The tier above {@code tier}, if any. */
    public static Optional<Tier> above(Tier tier) {
        Tier[] tiers = Tier.values();
        return tier.ordinal() + 1 < tiers.length ? Optional.of(tiers[tier.ordinal() + 1]) : Optional.empty();
    }
}
