package dev.prm.commission.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
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
        if (!partnerKnown(partnerId)) {
            return Optional.empty();
        }
        HoldPeriods holds = holdPeriods(partnerId);
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
        if (!partnerKnown(partnerId)) {
            return Optional.empty();
        }
        HoldPeriods holds = holdPeriods(partnerId);
        Optional<HoldPeriod> running = holds.runningAt(asOf);

        List<Money> held = new ArrayList<>();
        jdbc.query("select amount, currency, month_end, effective_at from commission_entry where partner_id = ? and effective_at <= ?",
                row -> {
                    if (holds.statusAt(row.getTimestamp("month_end").toInstant(), row.getTimestamp("effective_at").toInstant(), asOf).held()) {
                        held.add(Money.of(row.getBigDecimal("amount"), row.getString("currency")));
                    }
                }, partnerId, Timestamp.from(asOf));

        List<CommissionHoldView.OverCap> overCap = jdbc.query("""
                        select since, deadline from commission_cap_notice
                        where partner_id = ? and since <= ? and (restored_at is null or restored_at > ?)
                        order by since desc limit 1""",
                (row, i) -> new CommissionHoldView.OverCap(row.getTimestamp("since").toInstant(), row.getTimestamp("deadline").toInstant()),
                partnerId, Timestamp.from(asOf), Timestamp.from(asOf));

        List<CommissionHoldView.Period> periods = jdbc.query("""
                        select since, until, reason from commission_hold where partner_id = ? and since <= ? order by since""",
                (row, i) -> {
                    Instant since = row.getTimestamp("since").toInstant();
                    Timestamp until = row.getTimestamp("until");
                    boolean ended = until != null && !until.toInstant().isAfter(asOf);
                    return new CommissionHoldView.Period(since, ended ? until.toInstant() : null, row.getString("reason"),
                            ended ? releasedAmounts(partnerId, since) : List.of());
                },
                partnerId, Timestamp.from(asOf));

        return Optional.of(new CommissionHoldView(partnerId, asOf, running.isPresent(),
                running.map(HoldPeriod::since).orElse(null), running.map(period -> reasonOf(periods, period)).orElse(null),
                Statement.totals(held), overCap.isEmpty() ? null : overCap.getFirst(), periods));
    }

    private static String reasonOf(List<CommissionHoldView.Period> periods, HoldPeriod period) {
        return periods.stream().filter(p -> p.since().equals(period.since())).map(CommissionHoldView.Period::reason)
                .findFirst().orElse(HoldPeriods.REASON);
    }

    private List<Money> releasedAmounts(String partnerId, Instant since) {
        return jdbc.query("select currency, amount from commission_hold_release where partner_id = ? and since = ? order by currency",
                (row, i) -> Money.of(row.getBigDecimal("amount"), row.getString("currency")), partnerId, Timestamp.from(since));
    }

    private HoldPeriods holdPeriods(String partnerId) {
        return HoldPeriods.of(jdbc.query("select since, until from commission_hold where partner_id = ?",
                (row, i) -> new HoldPeriod(row.getTimestamp("since").toInstant(),
                        row.getTimestamp("until") == null ? null : row.getTimestamp("until").toInstant()),
                partnerId));
    }

    private boolean partnerKnown(String partnerId) {
        return !jdbc.queryForList("select 1 from commission_partner where partner_id = ?", Integer.class, partnerId).isEmpty();
    }

    private record StoredEntry(String dealId, String entryKind, Money amount, String rate, String policyVersion,
                               String partnerKind, Instant monthEnd, Instant effectiveAt) {
    }
}
