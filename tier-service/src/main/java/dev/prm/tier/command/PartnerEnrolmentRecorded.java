package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/** Stored event: the partner's enrolment (P1). */
public record PartnerEnrolmentRecorded(String partnerId, String name, PartnerKind kind, String country, Tier tier, Instant enrolledAt) {
}
