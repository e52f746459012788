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

    /**
     * The cap in force at {@code asOf} and the over-cap period covering it, or empty if the partner is not known: one
     * indexed read (tier, kind and the active count are subqueries; {@link #ACTIVE_AT} is {@link #viewAt}'s ACTIVE).
     */
    public Optional<CapView> cap(String partnerId, Instant asOf) {
        Timestamp at = Timestamp.from(asOf);
        return jdbc.query("""
                        select (select tier from partner_tier t where t.partner_id = p.partner_id and t.effective_at <= ?
                                order by t.effective_at desc limit 1) as tier,
                               (select kind from partner_kind k where k.partner_id = p.partner_id and k.effective_at <= ?
                                order by k.effective_at desc limit 1) as kind,
                               (select count(*) from registration_view r where r.partner_id = p.partner_id and %s) as active,
                               o.since, o.deadline, o.deadline_passed_at
                        from partner_view p
                        left join lateral (select since, deadline, deadline_passed_at from over_cap_period o
                                           where o.partner_id = p.partner_id and o.since <= ? and (o.restored_at is null or o.restored_at > ?)
                                           order by o.since desc limit 1) o on true
                        where p.partner_id = ?""".formatted(ACTIVE_AT),
                (row, i) -> {
                    Tier tier = Optional.ofNullable(row.getString("tier")).map(Tier::valueOf).orElse(Tier.SOLUTIONS_PARTNER);
                    PartnerKind kind = Optional.ofNullable(row.getString("kind")).map(PartnerKind::valueOf)
                            .orElse(PartnerKind.SOLUTIONS_PARTNER);
                    CapTable table = rules.caps().inForce(asOf);
                    int active = row.getInt("active");
                    Timestamp since = row.getTimestamp("since");
                    if (since == null) {
                        return new CapView(partnerId, asOf, tier, kind, table.version(), table.capFor(kind, tier), active, false,
                                null, null, false);
                    }
                    Timestamp passed = row.getTimestamp("deadline_passed_at");
                    return new CapView(partnerId, asOf, tier, kind, table.version(), table.capFor(kind, tier), active, true,
                            since.toInstant(), row.getTimestamp("deadline").toInstant(), passed != null && !passed.toInstant().isAfter(asOf));
                },
                at, at, at, at, at, at, at, at, at, partnerId).stream().findFirst();
    }

    /** A registration row {@code r} ACTIVE at the instant given as its five parameters, as {@link #viewAt} decides. */
    static final String ACTIVE_AT = """
            r.registered_at <= ? and (r.revoked_at is null or r.revoked_at > ?) and (r.released_at is null or r.released_at > ?)
            and ? < case when r.extended_at is not null and r.extended_at <= ? then r.extended_until else r.valid_until end""";

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

    /** A registration's status at {@code asOf}; {@link #ACTIVE_AT} says ACTIVE alike in SQL. */
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
