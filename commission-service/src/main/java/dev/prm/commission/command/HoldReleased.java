package dev.prm.commission.command;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/** Stored decision (C3): the hold from {@code since} ended at {@code until}; the amounts it held become payable. */
public record HoldReleased(String partnerId, Instant since, Instant until, List<Money> releasedAmounts) {
}
