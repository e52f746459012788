package dev.prm.commission.command;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;

/** Stored fact: the partner's kind, from its enrolment. */
public record PartnerKindRecorded(String partnerId, PartnerKind kind, Instant enrolledAt) {
}
