package dev.prm.contracts.commission;

import java.time.Instant;

import dev.prm.contracts.Money;

/** A commission entry (C1, C2): an accrual for a month end, or a signed adjustment. */
public record CommissionAccrued(String partnerId, String dealId, String month, Instant monthEnd, Money amount, String rate, String policyVersion, String entryKind, String status) {
}
