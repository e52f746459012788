package dev.prm.registration.query;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/** GET …/registration-cap: the cap in force at {@code asOf} and the over-cap period covering it, if any (R2, R6, R7). */
public record CapView(String partnerId, Instant asOf, Tier tier, PartnerKind kind, String capTableVersion, int cap, int active,
                      boolean overCap, Instant overCapSince, Instant deadline, boolean deadlinePassed) {
}
