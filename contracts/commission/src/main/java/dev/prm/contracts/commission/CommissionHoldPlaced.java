package dev.prm.contracts.commission;

import java.time.Instant;

/** Commissions of a partner are held from {@code since} (C3). */
public record CommissionHoldPlaced(String partnerId, String reason, Instant since) {
}
