package dev.prm.contracts.tier;

import java.time.Instant;

import dev.prm.contracts.Tier;

/** A partner's tier changed (T9): why, when, on which points and which threshold table version. */
public record TierChanged(String partnerId, Tier from, Tier to, TierChangeReason reason, Instant effectiveAt, Points points, String thresholdsVersion) {
}
