package dev.prm.simulator;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;

/**
 * A partner worth looking at after a run ({@code bin/simulate --show}), and why.
 *
 * @param deadline for a partner planned over its cap: the compliance deadline its plan expects (R6), else null
 */
public record NotablePartner(String partnerId, String role, PartnerKind kind, String country, Instant deadline) {
}
