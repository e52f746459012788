package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Money;

/** Stored event: a deal's new MRR. */
public record DealAmendmentRecorded(String partnerId, String dealId, Money mrr, Instant amendedAt) {
}
