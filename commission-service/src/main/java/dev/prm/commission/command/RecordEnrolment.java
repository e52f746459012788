package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.PartnerKind;

/** The partner's enrolment (P1): its kind decides its commission terms (C1). */
public record RecordEnrolment(@TargetAggregateIdentifier String partnerId, PartnerKind kind, Instant enrolledAt,
                              Instant businessNow) {
}
