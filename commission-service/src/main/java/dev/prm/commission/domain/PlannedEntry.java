package dev.prm.commission.domain;

import java.time.Instant;
import java.time.YearMonth;

import dev.prm.contracts.Money;

/** An entry the ledger needs: an accrual not made yet, or the signed correction of what was booked. */
public record PlannedEntry(String dealId, Instant monthEnd, Money amount, EntryKind kind, CommissionTerms terms,
                           Instant effectiveAt) {

    public YearMonth month() {
        return MonthEnds.monthClosedBy(monthEnd);
    }
}
