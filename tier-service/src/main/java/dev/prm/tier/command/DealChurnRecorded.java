package dev.prm.tier.command;

import java.time.Instant;

/** Stored event: a deal churned. */
public record DealChurnRecorded(String partnerId, String dealId, Instant churnedAt) {
}
