package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Tier;
import dev.prm.tier.domain.PointsSummary;

/** Stored event: the result of a monthly evaluation, kept for the re-evaluations (T8). */
public record MonthEvaluated(String partnerId, Instant monthEnd, Tier qualifiedTier, PointsSummary points, String thresholdsVersion) {
}
