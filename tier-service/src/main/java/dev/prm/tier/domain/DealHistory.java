package dev.prm.tier.domain;

import java.time.Instant;
import java.util.List;

/**
 * A deal as stored: its close and every amendment (T5). {@link #at} gives the deal as the points calculator sees it at
 * an instant, with the MRR in force then ({@link DealFacts#mrrAt}, the rule the month-end evaluations use).
 */
public record DealHistory(String dealId, String customerDomain, String customerCountry, DealFacts.DatedMrr close,
                          List<DealFacts.DatedMrr> amendments) {

    public DealHistory {
        amendments = List.copyOf(amendments);
    }

    public Instant closedAt() {
        return close.at();
    }

    public DealFacts at(Instant d) {
        DealFacts.DatedMrr mrr = DealFacts.mrrAt(close, amendments, d);
        return new DealFacts(dealId, customerDomain, customerCountry, mrr.mrr(), close.at(), mrr.at());
    }
}
