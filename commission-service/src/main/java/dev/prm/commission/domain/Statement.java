package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.prm.contracts.Money;

/**
 * C4: a partner's statement of one month, per currency, over the entries of that month (its accruals and
 * the adjustments to them) known at the instant asked: {@code accrued} is their sum, {@code held} the part
 * still held, {@code payable} the rest ({@code accrued = held + payable}), and {@code released} the part
 * of payable that was held and has been released. A currency whose four amounts are all zero (an accrual
 * and the adjustment that reversed it) is left out: whether that pair exists depends on the order facts
 * arrived in, and a statement must not (B1).
 */
public final class Statement {

    private Statement() {
    }

    public record Line(String currency, BigDecimal accrued, BigDecimal held, BigDecimal released, BigDecimal payable) {
    }

    public record StatusedAmount(Money amount, EntryStatus status) {
    }

    public static List<Line> of(List<StatusedAmount> entries) {
        Map<String, BigDecimal[]> byCurrency = new TreeMap<>();
        for (StatusedAmount entry : entries) {
            String currency = entry.amount().currency();
            BigDecimal[] sums = byCurrency.computeIfAbsent(currency, c -> new BigDecimal[] {
                    CommissionTerms.zero(c), CommissionTerms.zero(c), CommissionTerms.zero(c), CommissionTerms.zero(c)});
            BigDecimal amount = entry.amount().decimal();
            sums[0] = sums[0].add(amount);
            if (entry.status().held()) {
                sums[1] = sums[1].add(amount);
            } else {
                sums[3] = sums[3].add(amount);
            }
            if (entry.status().released()) {
                sums[2] = sums[2].add(amount);
            }
        }
        List<Line> lines = new ArrayList<>(byCurrency.size());
        byCurrency.forEach((currency, sums) -> {
            if (sums[0].signum() != 0 || sums[1].signum() != 0 || sums[2].signum() != 0 || sums[3].signum() != 0) {
                lines.add(new Line(currency, sums[0], sums[1], sums[2], sums[3]));
            }
        });
        return lines;
    }

    /** Amounts per currency, for what a hold period releases or still holds. */
    public static List<Money> totals(List<Money> amounts) {
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        for (Money amount : amounts) {
            byCurrency.merge(amount.currency(), amount.decimal(), BigDecimal::add);
        }
        List<Money> totals = new ArrayList<>(byCurrency.size());
        byCurrency.forEach((currency, total) -> totals.add(Money.of(total, currency)));
        return totals;
    }
}
