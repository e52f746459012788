package dev.prm.tier.domain;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

import dev.prm.contracts.Tier;

/** T7 and T8 as plain functions. */
public final class TierDecisions {

    private TierDecisions() {
    }

    /** T7: a monthly evaluation promotes when the qualified tier is above the current one, and never demotes. */
    public static Optional<Tier> monthly(Tier current, Tier qualified) {
        return qualified.isAbove(current) ? Optional.of(qualified) : Optional.empty();
    }

    /**
     * T8: the highest qualified tier among the monthly evaluations in the window, as recorded when each was
     * made. Empty when there was none (the partner keeps its tier).
     */
    public static Optional<Map.Entry<Instant, Tier>> semiannual(NavigableMap<Instant, Tier> evaluations, Instant reevaluation) {
        Map.Entry<Instant, Tier> best = null;
        for (Map.Entry<Instant, Tier> evaluation : evaluations.entrySet()) {
            if (TierCalendar.countsFor(evaluation.getKey(), reevaluation)
                    && (best == null || !best.getValue().isAbove(evaluation.getValue()))) {
                best = evaluation; // the latest of the best: its points explain the decision
            }
        }
        return Optional.ofNullable(best);
    }
}
