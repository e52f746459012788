package dev.prm.commission.query;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.commission.domain.EntryStatus;
import dev.prm.commission.domain.HoldPeriods;
import dev.prm.commission.domain.HoldPeriods.HoldPeriod;
import dev.prm.commission.domain.MonthEnds;
import dev.prm.commission.domain.Statement;
import dev.prm.contracts.Money;

/**
 * Answers commissions at any instant (B2) from the projection. An entry counts from its effective time;
 * its status is derived at the instant asked from the hold periods, so it is the same whatever order the
 * facts arrived in and after any rebuild.
 */
@Component
public class CommissionQueries {

    private final JdbcTemplate jdbc;

    CommissionQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommissionsView> commissions(String partnerId, YearMonth month, Instant asOf) {
        Optional<PartnerHolds> partner = partnerHolds(partnerId, asOf);
        if (partner.isEmpty()) {
            return Optional.empty();
        }
        HoldPeriods holds = partner.get().holds();
        List<StoredEntry> stored = jdbc.query("""
                        select deal_id, entry_kind, amount, currency, rate, policy_version, partner_kind, month_end, effective_at
                        from commission_entry where partner_id = ? and month = ? and effective_at <= ?
                        order by month_end, deal_id, sequence_number, line""",
                (row, i) -> new StoredEntry(row.getString("deal_id"), row.getString("entry_kind"),
                        Money.of(row.getBigDecimal("amount"), row.getString("currency")),
                        row.getBigDecimal("rate").toPlainString(), row.getString("policy_version"), row.getString("partner_kind"),
                        row.getTimestamp("month_end").toInstant(), row.getTimestamp("effective_at").toInstant()),
                partnerId, month.toString(), Timestamp.from(asOf));

        List<CommissionsView.Entry> entries = new ArrayList<>(stored.size());
        List<Statement.StatusedAmount> amounts = new ArrayList<>(stored.size());
        for (StoredEntry entry : stored) {
            EntryStatus status = holds.statusAt(entry.monthEnd(), entry.effectiveAt(), asOf);
            entries.add(new CommissionsView.Entry(entry.dealId(), entry.entryKind(), entry.amount(), entry.rate(),
                    entry.policyVersion(), entry.partnerKind(), entry.monthEnd(), entry.effectiveAt(), status.status().name(),
                    status.heldSince(), status.releasedAt()));
            amounts.add(new Statement.StatusedAmount(entry.amount(), status));
        }
        List<CommissionsView.StatementLine> statement = Statement.of(amounts).stream()
                .map(line -> new CommissionsView.StatementLine(line.currency(), line.accrued().toPlainString(),
                        line.held().toPlainString(), line.released().toPlainString(), line.payable().toPlainString()))
                .toList();
        return Optional.of(new CommissionsView(partnerId, month.toString(), MonthEnds.closing(month), asOf, entries, statement));
    }

    public Optional<CommissionHoldView> hold(String partnerId, Instant asOf) {
        Optional<PartnerHolds> found = partnerHolds(partnerId, asOf);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PartnerHolds partner = found.get();
        HoldPeriods holds = partner.holds();
        Optional<HoldPeriod> running = holds.runningAt(asOf);
        List<CommissionHoldView.Period> periods = partner.periods().stream()
                .filter(period -> !period.since().isAfter(asOf))
                .map(period -> {
                    boolean ended = period.until() != null && !period.until().isAfter(asOf);
                    return new CommissionHoldView.Period(period.since(), ended ? period.until() : null, period.reason(),
                            ended ? period.released() : List.of());
                })
                .toList();
        return Optional.of(new CommissionHoldView(partnerId, asOf, running.isPresent(),
                running.map(HoldPeriod::since).orElse(null), running.map(period -> reasonOf(periods, period)).orElse(null),
                Statement.totals(heldAt(partnerId, holds, asOf)), partner.overCap(), periods));
    }

    private static String reasonOf(List<CommissionHoldView.Period> periods, HoldPeriod period) {
        return periods.stream().filter(p -> p.since().equals(period.since())).map(CommissionHoldView.Period::reason)
                .findFirst().orElse(HoldPeriods.REASON);
    }

    /**
     * The amounts held at {@code asOf}. Only a period not ended by then holds anything (C3), and only entries for month ends
     * inside it: the read starts at the earliest such period instead of the partner's whole history, and is skipped
     * when there is none.
     */
    private List<Money> heldAt(String partnerId, HoldPeriods holds, Instant asOf) {
        Optional<Instant> earliest = holds.periods().stream()
                .filter(period -> period.until() == null || asOf.isBefore(period.until()))
                .map(HoldPeriod::since).min(Instant::compareTo);
        if (earliest.isEmpty()) {
            return List.of();
        }
        List<Money> held = new ArrayList<>();
        jdbc.query("""
                        select amount, currency, month_end, effective_at from commission_entry
                        where partner_id = ? and month >= ? and month_end >= ? and effective_at <= ?""",
                row -> {
                    if (holds.statusAt(row.getTimestamp("month_end").toInstant(), row.getTimestamp("effective_at").toInstant(), asOf).held()) {
                        held.add(Money.of(row.getBigDecimal("amount"), row.getString("currency")));
                    }
                },
                // the month index bound: a month ending at or after the instant is not before the month before it
                partnerId, YearMonth.from(earliest.get().atOffset(ZoneOffset.UTC)).minusMonths(1).toString(),
                Timestamp.from(earliest.get()), Timestamp.from(asOf));
        return held;
    }

    /**
     * The partner (empty if unknown), every hold period with the amounts released at its end, and the over-cap notice
     * running at {@code asOf}: one indexed read.
     */
    private Optional<PartnerHolds> partnerHolds(String partnerId, Instant asOf) {
        Timestamp at = Timestamp.from(asOf);
        List<PartnerHolds> rows = new ArrayList<>(1); // the partner, from its first row; each row adds a period
        jdbc.query("""
                        select h.since, h.until, h.reason, r.currencies, r.amounts, n.since as notice_since, n.deadline as notice_deadline
                        from commission_partner p
                        left join commission_hold h on h.partner_id = p.partner_id
                        left join lateral (select array_agg(currency order by currency) as currencies,
                                                  array_agg(amount order by currency) as amounts
                                           from commission_hold_release r where r.partner_id = h.partner_id and r.since = h.since) r on true
                        left join lateral (select since, deadline from commission_cap_notice n
                                           where n.partner_id = p.partner_id and n.since <= ? and (n.restored_at is null or n.restored_at > ?)
                                           order by n.since desc limit 1) n on true
                        where p.partner_id = ?
                        order by h.since""",
                row -> {
                    if (rows.isEmpty()) {
                        Timestamp noticeSince = row.getTimestamp("notice_since");
                        rows.add(new PartnerHolds(new ArrayList<>(), noticeSince == null ? null
                                : new CommissionHoldView.OverCap(noticeSince.toInstant(), row.getTimestamp("notice_deadline").toInstant())));
                    }
                    Timestamp since = row.getTimestamp("since");
                    if (since != null) {
                        Timestamp until = row.getTimestamp("until");
                        rows.getFirst().periods().add(new StoredPeriod(since.toInstant(), until == null ? null : until.toInstant(),
                                row.getString("reason"), released(row.getArray("currencies"), row.getArray("amounts"))));
                    }
                },
                at, at, partnerId);
        return rows.stream().findFirst();
    }

    private static List<Money> released(Array currencies, Array amounts) throws SQLException {
        if (currencies == null) {
            return List.of();
        }
        String[] codes = (String[]) currencies.getArray();
        BigDecimal[] values = (BigDecimal[]) amounts.getArray();
        List<Money> released = new ArrayList<>(codes.length);
        for (int i = 0; i < codes.length; i++) {
            released.add(Money.of(values[i], codes[i].strip()));
        }
        return released;
    }

    private record PartnerHolds(List<StoredPeriod> periods, CommissionHoldView.OverCap overCap) {

        HoldPeriods holds() {
            return HoldPeriods.of(periods.stream().map(period -> new HoldPeriod(period.since(), period.until())).toList());
        }
    }

    private record StoredPeriod(Instant since, Instant until, String reason, List<Money> released) {
    }

    private record StoredEntry(String dealId, String entryKind, Money amount, String rate, String policyVersion,
                               String partnerKind, Instant monthEnd, Instant effectiveAt) {
    }
}
