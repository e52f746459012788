package dev.prm.tier.config;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Tier;
import dev.prm.tier.domain.TierDefaults;
import dev.prm.tier.domain.Requirement;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.program.Versioned;

/**
 * The program's default thresholds plus the versions admins added (table {@code threshold_version}).
 * Read once per few seconds at most: month ends evaluate thousands of partners against the same table.
 */
@Component
public class JdbcThresholdCatalog implements ThresholdCatalog {

    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private volatile Versioned<ThresholdTable> cached;
    private volatile long loadedAt;

    JdbcThresholdCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Versioned<ThresholdTable> thresholds() {
        Versioned<ThresholdTable> current = cached;
        if (current == null || System.nanoTime() - loadedAt > REFRESH.toNanos()) {
            current = load();
            cached = current;
            loadedAt = System.nanoTime();
        }
        return current;
    }

    public void add(Versioned.Version<ThresholdTable> version) {
        thresholds().with(version); // validates: no two versions at the same instant
        ThresholdTable table = version.value();
        jdbc.update("""
                        insert into threshold_version (version_id, effective_from, gold_total, gold_sold, platinum_total,
                            platinum_sold, diamond_total, diamond_sold, elite_total, elite_sold)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                version.id(), Timestamp.from(version.effectiveFrom()),
                total(table, Tier.GOLD), sold(table, Tier.GOLD), total(table, Tier.PLATINUM), sold(table, Tier.PLATINUM),
                total(table, Tier.DIAMOND), sold(table, Tier.DIAMOND), total(table, Tier.ELITE), sold(table, Tier.ELITE));
        cached = null;
    }

    private Versioned<ThresholdTable> load() {
        Versioned<ThresholdTable> versions = TierDefaults.thresholds();
        List<Versioned.Version<ThresholdTable>> added = jdbc.query(
                "select * from threshold_version order by effective_from", (row, i) -> version(row));
        for (Versioned.Version<ThresholdTable> version : added) {
            versions = versions.with(version);
        }
        return versions;
    }

    private static Versioned.Version<ThresholdTable> version(ResultSet row) throws SQLException {
        ThresholdTable table = new ThresholdTable(Map.of(
                Tier.GOLD, requirement(row, "gold"), Tier.PLATINUM, requirement(row, "platinum"),
                Tier.DIAMOND, requirement(row, "diamond"), Tier.ELITE, requirement(row, "elite")));
        return new Versioned.Version<>(row.getString("version_id"), row.getTimestamp("effective_from").toInstant(), table);
    }

    private static Requirement requirement(ResultSet row, String tier) throws SQLException {
        return new Requirement(row.getBigDecimal(tier + "_total"), row.getBigDecimal(tier + "_sold"));
    }

    private static BigDecimal total(ThresholdTable table, Tier tier) {
        return table.requirement(tier).orElseThrow().totalPoints();
    }

    private static BigDecimal sold(ThresholdTable table, Tier tier) {
        return table.requirement(tier).orElseThrow().minimumSold();
    }
}
