package dev.prm.tier.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Tier;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.program.Versioned;

@Component
public class TierQueries {

    private final PartnerFactsRepository facts;
    private final PointsQueries points;
    private final ThresholdCatalog catalog;
    private final JdbcTemplate jdbc;

    TierQueries(PartnerFactsRepository facts, PointsQueries points, ThresholdCatalog catalog, JdbcTemplate jdbc) {
        this.facts = facts;
        this.points = points;
        this.catalog = catalog;
        this.jdbc = jdbc;
    }

    public Optional<TierView> tier(String partnerId, Instant asOf) {
        Optional<PartnerFactsRepository.FactsAt> known = facts.factsAt(partnerId, asOf);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        PointsSummary summary = points.breakdown(known.get(), asOf).summary();
        Versioned.Version<ThresholdTable> table = catalog.thresholds().versionAt(asOf);
        Tier tier = known.get().tier();
        TierView.NextTier next = ThresholdTable.above(tier)
                .flatMap(above -> table.value().requirement(above).map(requirement -> new TierView.NextTier(above,
                        requirement.totalPoints(), requirement.minimumSold(),
                        missing(requirement.totalPoints(), summary.total12m()),
                        missing(requirement.minimumSold(), summary.sold12m()))))
                .orElse(null);
        return Optional.of(new TierView(partnerId, asOf, tier, table.value().qualifiedTier(summary), totals(summary), next,
                table.id()));
    }

    public Optional<List<TierView.Change>> history(String partnerId) {
        if (!facts.known(partnerId)) {
            return Optional.empty();
        }
        return Optional.of(jdbc.query("""
                        select from_tier, to_tier, reason, effective_at, sold12m, sold6m, managed, thresholds_version
                        from tier_change where partner_id = ? order by effective_at, global_index""",
                (row, i) -> new TierView.Change(Tier.valueOf(row.getString("from_tier")), Tier.valueOf(row.getString("to_tier")),
                        row.getString("reason"), row.getTimestamp("effective_at").toInstant(),
                        totals(new PointsSummary(row.getBigDecimal("sold12m"), row.getBigDecimal("sold6m"), row.getBigDecimal("managed"))),
                        row.getString("thresholds_version")),
                partnerId));
    }

    static PointsView.Totals totals(PointsSummary summary) {
        return new PointsView.Totals(summary.sold12m(), summary.sold6m(), summary.managed(), summary.total12m(), summary.total6m());
    }

    private static BigDecimal missing(BigDecimal required, BigDecimal have) {
        return required.subtract(have).max(BigDecimal.ZERO);
    }
}
