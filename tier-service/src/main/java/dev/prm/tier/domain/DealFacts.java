package dev.prm.tier.domain;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/**
 * What is known of a deal at an instant: its close and the MRR in force then, from {@code mrrSince} (the close, or
 * the amendment that set it). A DealAmended replaces the MRR for every computation at or after its date, past
 * periods included (T5): a deal closed in January and amended in March counts with the amended MRR at April 1. A
 * churned deal keeps its sold points: it was sold (churn only stops commissions, C2).
 */
public record DealFacts(String dealId, String customerDomain, String customerCountry, Money mrr, Instant closedAt,
                        Instant mrrSince) {

    public DealFacts(String dealId, String customerDomain, String customerCountry, Money mrr, Instant closedAt) {
        this(dealId, customerDomain, customerCountry, mrr, closedAt, closedAt);
    }

    /** An MRR and the effective time of the fact that set it. */
    public record DatedMrr(Money mrr, Instant at) {
    }

    /**
     * T5, B3: the MRR in force at {@code d}: the latest amendment dated at or before {@code d} (among amendments of one
     * instant, the last taken in), whatever was taken in first; the close's MRR when there is none. An amendment
     * dated before the close is older than the close's MRR and never applies (as in commission-service).
     *
     * @param amendments in the order they were taken in
     */
    public static DatedMrr mrrAt(DatedMrr close, List<DatedMrr> amendments, Instant d) {
        DatedMrr inForce = close;
        for (DatedMrr amendment : amendments) {
            if (!amendment.at().isBefore(close.at()) && !amendment.at().isAfter(d) && !amendment.at().isBefore(inForce.at())) {
                inForce = amendment;
            }
        }
        return inForce;
    }
}
