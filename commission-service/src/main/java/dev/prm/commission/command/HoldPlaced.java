package dev.prm.commission.command;

import java.time.Instant;

/** Stored decision (R7, C3): the partner's commissions are held from {@code since}. */
public record HoldPlaced(String partnerId, Instant since, String reason) {
}
