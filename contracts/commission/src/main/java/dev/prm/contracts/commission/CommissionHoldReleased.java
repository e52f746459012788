package dev.prm.contracts.commission;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/** A hold ended (C3); the listed amounts become payable. */
public record CommissionHoldReleased(String partnerId, Instant since, Instant until, List<Money> releasedAmounts) {
}
