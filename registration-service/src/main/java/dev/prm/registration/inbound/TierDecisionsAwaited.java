package dev.prm.registration.inbound;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.platform.clock.TickPrecondition;

/**
 * SPEC B3 across services: a cap at T follows the tier decided at T, which tier-service decides on its own copy of the
 * tick. A tick takes effect here once tier-service has said, on every partition of tier-events, that its decisions up
 * to that time are all ahead of its watermark there (so they are taken in by then).
 */
public class TierDecisionsAwaited implements TickPrecondition {

    private final JdbcTemplate jdbc;

    public TierDecisionsAwaited(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** In the ingestion transaction of the watermark. */
    public void record(TierDecisionsWatermark watermark) {
        jdbc.update("""
                insert into tier_watermark (tier_partition, business_time, partitions) values (?, ?, ?)
                on conflict (tier_partition) do update set business_time = greatest(tier_watermark.business_time,
                excluded.business_time), partitions = excluded.partitions""",
                watermark.partition(), Timestamp.from(watermark.businessTime()), watermark.partitions());
    }

    @Override
    public boolean satisfiedFor(Instant tick) {
        Boolean all = jdbc.queryForObject("""
                select count(*) > 0 and count(*) filter (where business_time >= ?) >= max(partitions)
                from tier_watermark""", Boolean.class, Timestamp.from(tick));
        return Boolean.TRUE.equals(all);
    }
}
