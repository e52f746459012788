package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prm.contracts.Tier;

/**
 * T10: where the thresholds should be next July. Targets: ELITE the top 1 %, DIAMOND the top 10 %,
 * PLATINUM the top 40 % of tiered partners (tier above SOLUTIONS_PARTNER), with about 30 % yearly growth
 * expected to keep a tier. The proposed total of such a tier is today's total12m at that share of tiered
 * partners, raised by the growth; GOLD is today's GOLD raised by the growth. Minimum sold points keep the
 * current table's ratio to the total. Thresholds stay strictly rising with the tier.
 */
public final class Calibration {

    public static final BigDecimal EXPECTED_GROWTH = new BigDecimal("1.30");
    public static final Map<Tier, BigDecimal> TARGET_SHARES = targetShares();

    private Calibration() {
    }

    public record Standing(Tier tier, PointsSummary points) {
    }

    public record Result(int partners, int tieredPartners, Map<String, BigDecimal> total12mPercentiles,
                         Map<Tier, Long> partnersPerTier, ThresholdTable proposal,
                         Map<Tier, BigDecimal> sharesIfTieredPartnersGrow, Map<Tier, BigDecimal> sharesToday) {
    }

    public static Result calibrate(List<Standing> standings, ThresholdTable current) {
        List<BigDecimal> allTotals = standings.stream().map(s -> s.points().total12m()).sorted().toList();
        List<Standing> tiered = standings.stream().filter(s -> s.tier() != Tier.SOLUTIONS_PARTNER).toList();
        List<BigDecimal> tieredTotals = tiered.stream().map(s -> s.points().total12m()).sorted(Comparator.reverseOrder()).toList();

        Map<Tier, Requirement> proposed = new EnumMap<>(Tier.class);
        Requirement previous = null;
        for (Tier tier : List.of(Tier.GOLD, Tier.PLATINUM, Tier.DIAMOND, Tier.ELITE)) {
            Requirement today = current.requirement(tier).orElseThrow();
            BigDecimal cut = TARGET_SHARES.containsKey(tier) && !tieredTotals.isEmpty()
                    ? topShareCut(tieredTotals, TARGET_SHARES.get(tier))
                    : today.totalPoints();
            BigDecimal total = cut.multiply(EXPECTED_GROWTH).setScale(0, RoundingMode.CEILING);
            if (previous != null && total.compareTo(previous.totalPoints()) <= 0) {
                total = previous.totalPoints().add(BigDecimal.ONE);
            }
            BigDecimal ratio = today.totalPoints().signum() == 0 ? BigDecimal.ZERO
                    : today.minimumSold().divide(today.totalPoints(), 10, RoundingMode.HALF_EVEN);
            BigDecimal sold = total.multiply(ratio).setScale(0, RoundingMode.CEILING);
            if (previous != null && sold.compareTo(previous.minimumSold()) < 0) {
                sold = previous.minimumSold();
            }
            previous = new Requirement(total, sold.min(total));
            proposed.put(tier, previous);
        }
        ThresholdTable proposal = new ThresholdTable(proposed);

        Map<Tier, Long> perTier = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            perTier.put(tier, standings.stream().filter(s -> s.tier() == tier).count());
        }
        return new Result(standings.size(), tiered.size(), percentiles(allTotals), perTier, proposal,
                shares(tiered, proposal, EXPECTED_GROWTH), shares(tiered, proposal, BigDecimal.ONE));
    }

    /** The smallest total among the top {@code share} of partners (sorted descending); at least one partner. */
    static BigDecimal topShareCut(List<BigDecimal> descending, BigDecimal share) {
        int count = Math.max(1, share.multiply(BigDecimal.valueOf(descending.size())).setScale(0, RoundingMode.FLOOR).intValue());
        return descending.get(Math.min(count, descending.size()) - 1);
    }

    /** Share of tiered partners whose points, grown by {@code growth}, would qualify for each tier or above. */
    private static Map<Tier, BigDecimal> shares(List<Standing> tiered, ThresholdTable table, BigDecimal growth) {
        Map<Tier, BigDecimal> shares = new EnumMap<>(Tier.class);
        for (Tier tier : List.of(Tier.GOLD, Tier.PLATINUM, Tier.DIAMOND, Tier.ELITE)) {
            long qualifying = tiered.stream().filter(s -> {
                PointsSummary grown = new PointsSummary(s.points().sold12m().multiply(growth), s.points().sold6m().multiply(growth),
                        s.points().managed().multiply(growth));
                return !tier.isAbove(table.qualifiedTier(grown));
            }).count();
            shares.put(tier, tiered.isEmpty() ? BigDecimal.ZERO
                    : BigDecimal.valueOf(qualifying).divide(BigDecimal.valueOf(tiered.size()), 4, RoundingMode.HALF_EVEN));
        }
        return shares;
    }

    private static Map<String, BigDecimal> percentiles(List<BigDecimal> ascending) {
        Map<String, BigDecimal> percentiles = new LinkedHashMap<>();
        for (int p : new int[] {50, 60, 75, 90, 99, 100}) {
            percentiles.put("p" + p, ascending.isEmpty() ? BigDecimal.ZERO
                    : ascending.get(Math.max(0, (int) Math.ceil(p / 100.0 * ascending.size()) - 1)));
        }
        return percentiles;
    }

    private static Map<Tier, BigDecimal> targetShares() {
        Map<Tier, BigDecimal> shares = new EnumMap<>(Tier.class);
        shares.put(Tier.PLATINUM, new BigDecimal("0.40"));
        shares.put(Tier.DIAMOND, new BigDecimal("0.10"));
        shares.put(Tier.ELITE, new BigDecimal("0.01"));
        return Map.copyOf(shares);
    }
}
