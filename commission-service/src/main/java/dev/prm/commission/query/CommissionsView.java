package dev.prm.commission.query;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/**
 * GET /api/partners/{id}/commissions?month=: the entries of the month (accruals and signed adjustments)
 * known at {@code asOf}, each with its status then, and the month's statement per currency (C1–C4).
 */
public record CommissionsView(String partnerId, String month, Instant monthEnd, Instant asOf, List<Entry> accruals,
                              List<StatementLine> statement) {

    /**
     * @param status     at {@code asOf}: HELD, or PAYABLE
     * @param heldSince  the hold period the entry falls in, if any
     * @param releasedAt when that period ended, if it has by {@code asOf} (the entry is then listed as released)
     */
    public record Entry(String dealId, String entryKind, Money amount, String rate, String policyVersion,
                        String partnerKind, Instant monthEnd, Instant effectiveAt, String status, Instant heldSince,
                        Instant releasedAt) {
    }

    /** C4, amounts as decimal strings like every amount of the contract: accrued = held + payable. */
    public record StatementLine(String currency, String accrued, String held, String released, String payable) {
    }
}
