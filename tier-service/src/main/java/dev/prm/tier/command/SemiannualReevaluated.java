package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Tier;

/** Stored event: a re-evaluation was made (T8), whether or not it changed the tier. */
public record SemiannualReevaluated(String partnerId, Instant at, Tier tier) {
}
