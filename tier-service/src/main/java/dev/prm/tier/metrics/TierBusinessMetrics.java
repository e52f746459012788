package dev.prm.tier.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Tier;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.platform.metrics.BusinessGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The program view of tier-service:
 * <ul>
 * <li>{@code prm_partners{tier}}: partners per tier now (the latest change of each known partner; a partner
 * without one is {@code SOLUTIONS_PARTNER}), every tier present, read from the read models in the background;</li>
 * <li>{@code prm_tier_changes_total{from,to,reason}}: tier changes as they are published on tier-events.</li>
 * </ul>
 */
@Component
public class TierBusinessMetrics {

    static final String PARTNERS_PER_TIER = """
            select coalesce(latest.to_tier, 'SOLUTIONS_PARTNER') as tier, count(*) as partners
            from (select partner_id from partner_view union select partner_id from tier_change) known
            left join (select distinct on (partner_id) partner_id, to_tier from tier_change
                       order by partner_id, effective_at desc, global_index desc) latest
                   on latest.partner_id = known.partner_id
            group by 1""";

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;

    public TierBusinessMetrics(JdbcTemplate jdbc, MeterRegistry registry, BusinessGauges gauges) {
        this.jdbc = jdbc;
        this.registry = registry;
        gauges.register("prm.partners", "Partners per tier (latest tier change of each known partner)",
                this::partnersPerTier);
    }

    /** Counts one published tier change. */
    public void tierChanged(Tier from, Tier to, TierChangeReason reason) {
        Counter.builder("prm.tier.changes")
                .description("Tier changes published on tier-events")
                .tags("from", from.name(), "to", to.name(), "reason", reason.name())
                .register(registry).increment();
    }

    Map<Tags, Long> partnersPerTier() {
        Map<Tags, Long> rows = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            rows.put(Tags.of("tier", tier.name()), 0L);
        }
        jdbc.query(PARTNERS_PER_TIER, row -> {
            rows.put(Tags.of("tier", row.getString("tier")), row.getLong("partners"));
        });
        return rows;
    }
}
