package dev.prm.tier.domain;

import java.time.Instant;

import dev.prm.contracts.Money;

/**
 * What is known of a deal: its close and the MRR in force now. A DealAmended replaces the MRR for every
 * computation from then on, past periods included (T5), so only the latest MRR is kept. A churned deal
 * keeps its sold points: it was sold (churn only stops commissions, C2).
 */
public record DealFacts(String dealId, String customerDomain, String customerCountry, Money mrr, Instant closedAt) {
}
