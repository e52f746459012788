package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/** P1: a partner joins; {@code tier} is carried over from an earlier system when given. */
public record RecordEnrolment(@TargetAggregateIdentifier String partnerId, String name, PartnerKind kind, String country, Tier tier, Instant enrolledAt) {
}
