package dev.prm.registration.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.CapTable;
import dev.prm.registration.domain.RegistrationRules;
import dev.prm.registration.query.RegistrationView.Status;

/** Answers registrations, caps and conflicts at any instant from the read models (SPEC B2). */
@Component
public class RegistrationQueries {

    private final JdbcTemplate jdbc;
    private final RegistrationRules rules;

    RegistrationQueries(JdbcTemplate jdbc, RegistrationRules rules) {
        this.jdbc = jdbc;
        this.rules = rules;
    }

    public boolean partnerKnown(String partnerId) {
        return !jdbc.queryForList("select 1 from partner_view where partner_id = ?", Integer.class, partnerId).isEmpty();
    }

    /** Registrations made at or before {@code asOf}, with their status then; {@code status} filters when given. */
    public List<RegistrationView> registrations(String partnerId, Instant asOf, Optional<Status> status) {
        return jdbc.query("""
                        select domain, registered_at, valid_until, extended_until, extended_at, co_sell_since, released_at, revoked_at
                        from registration_view where partner_id = ? and registered_at <= ?
                        order by registered_at, domain""",
                        (row, i) -> viewAt(partnerId, row, asOf), partnerId, Timestamp.from(asOf)).stream()
                .filter(view -> status.isEmpty() || view.status() == status.get())
                .toList();
    }

    public Optional<RegistrationView> registration(String partnerId, String domain, Instant asOf) {
        return registrations(partnerId, asOf, Optional.empty()).stream()
                .filter(view -> view.domain().equals(domain))
                .reduce((earlier, later) -> later);
    }

    public CapView cap(String partnerId, Instant asOf) {
        Tier tier = latest("partner_tier", "tier", partnerId, asOf).map(Tier::valueOf).orElse(Tier.SOLUTIONS_PARTNER);
        PartnerKind kind = latest("partner_kind", "kind", partnerId, asOf).map(PartnerKind::valueOf).orElse(PartnerKind.SOLUTIONS_PARTNER);
        CapTable table = rules.caps().inForce(asOf);
        int active = registrations(partnerId, asOf, Optional.of(Status.ACTIVE)).size();
        Timestamp at = Timestamp.from(asOf);
        List<CapView> overCap = jdbc.query("""
                        select since, deadline, deadline_passed_at from over_cap_period
                        where partner_id = ? and since <= ? and (restored_at is null or restored_at > ?)
                        order by since desc limit 1""",
                (row, i) -> {
                    Timestamp passed = row.getTimestamp("deadline_passed_at");
                    return new CapView(partnerId, asOf, tier, kind, table.version(), table.capFor(kind, tier), active, true,
                            row.getTimestamp("since").toInstant(), row.getTimestamp("deadline").toInstant(),
                            passed != null && !passed.toInstant().isAfter(asOf));
                }, partnerId, at, at);
        return overCap.isEmpty()
                ? new CapView(partnerId, asOf, tier, kind, table.version(), table.capFor(kind, tier), active, false, null, null, false)
                : overCap.getFirst();
    }

    public List<ConflictView> conflicts(Optional<Boolean> open) {
        String where = open.map(o -> o ? " where resolution is null" : " where resolution is not null").orElse("");
        return jdbc.query("select * from channel_conflict" + where + " order by opened_at, conflict_id", (row, i) -> conflict(row));
    }

    public Optional<ConflictView> conflict(String conflictId) {
        return jdbc.query("select * from channel_conflict where conflict_id = ?", (row, i) -> conflict(row), conflictId)
                .stream().findFirst();
    }

    private static ConflictView conflict(ResultSet row) throws SQLException {
        Timestamp resolvedAt = row.getTimestamp("resolved_at");
        String resolution = row.getString("resolution");
        return new ConflictView(row.getString("conflict_id"), row.getString("partner_id"), row.getString("domain"),
                row.getString("direct_owner_id"), row.getString("origin"), row.getTimestamp("opened_at").toInstant(),
                resolution == null ? "OPEN" : "RESOLVED", resolution, resolvedAt == null ? null : resolvedAt.toInstant());
    }

    private Optional<String> latest(String table, String column, String partnerId, Instant asOf) {
        return jdbc.queryForList("select " + column + " from " + table
                        + " where partner_id = ? and effective_at <= ? order by effective_at desc limit 1",
                String.class, partnerId, Timestamp.from(asOf)).stream().findFirst();
    }

    private static RegistrationView viewAt(String partnerId, ResultSet row, Instant asOf) throws SQLException {
        Instant registeredAt = row.getTimestamp("registered_at").toInstant();
        Instant extendedAt = instant(row, "extended_at");
        boolean extended = extendedAt != null && !extendedAt.isAfter(asOf);
        Instant validUntil = extended ? instant(row, "extended_until") : instant(row, "valid_until");
        Instant releasedAt = instant(row, "released_at");
        Instant coSellSince = instant(row, "co_sell_since");
        Instant revokedAt = instant(row, "revoked_at");
        Status status;
        if (revokedAt != null && !revokedAt.isAfter(asOf)) {
            status = Status.REVOKED;
        } else if (releasedAt != null && !releasedAt.isAfter(asOf)) {
            status = Status.RELEASED;
        } else if (!asOf.isBefore(validUntil)) {
            status = Status.EXPIRED;
        } else {
            status = Status.ACTIVE;
        }
        return new RegistrationView(partnerId, row.getString("domain"), status, registeredAt, validUntil, extended,
                coSellSince != null && !coSellSince.isAfter(asOf));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
