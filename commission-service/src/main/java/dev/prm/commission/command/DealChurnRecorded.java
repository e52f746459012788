package dev.prm.commission.command;

import java.time.Instant;

/** Stored fact: the deal churned at {@code churnedAt}. */
public record DealChurnRecorded(String partnerId, String dealId, Instant churnedAt) {
}
