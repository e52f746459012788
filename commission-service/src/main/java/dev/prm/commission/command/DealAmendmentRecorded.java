package dev.prm.commission.command;

import java.time.Instant;

import dev.prm.contracts.Money;

/** Stored fact: the deal's MRR from {@code amendedAt} on. */
public record DealAmendmentRecorded(String partnerId, String dealId, Money mrr, Instant amendedAt) {
}
