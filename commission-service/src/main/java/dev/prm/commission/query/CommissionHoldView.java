package dev.prm.commission.query;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/**
 * GET /api/partners/{id}/commission-hold: whether the partner's commissions are held at {@code asOf}, since
 * when and why (R7, C3), what is held then per currency, the over-cap notice that would lead to a hold, and
 * every hold period up to {@code asOf}.
 */
public record CommissionHoldView(String partnerId, Instant asOf, boolean held, Instant since, String reason,
                                 List<Money> heldAmounts, OverCap overCap, List<Period> periods) {

    /** registration-service reported the partner over cap: commissions are held from {@code deadline} if still over then. */
    public record OverCap(Instant since, Instant deadline) {
    }

    /** @param until {@code null} while running at {@code asOf}; {@code releasedAmounts} empty until then */
    public record Period(Instant since, Instant until, String reason, List<Money> releasedAmounts) {
    }
}
