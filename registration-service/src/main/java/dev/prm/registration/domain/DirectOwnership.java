package dev.prm.registration.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who in direct sales owned one domain over time (R8, SPEC B3). An assignment or unassignment taken in out of time
 * order lands between the periods already known instead of overwriting the latest one, so a request is decided against
 * the owner its own instant falls under.
 */
public final class DirectOwnership {

    /** Direct sales owns the domain from {@code since} until {@code until} (null: still). */
    public record Period(String ownerId, Instant since, Instant until, String requestId) {
        public boolean covers(Instant t) {
            return !since.isAfter(t) && (until == null || t.isBefore(until));
        }
    }

    private final List<Period> periods = new ArrayList<>();

    public Optional<Period> at(Instant t) {
        return periods.stream().filter(period -> period.covers(t)).findFirst();
    }

    /** The period that has not ended, if any. */
    public Optional<Period> current() {
        return periods.isEmpty() ? Optional.empty() : Optional.of(periods.getLast()).filter(period -> period.until() == null);
    }

    /** The start of the first period after t, if any: an assignment at t lasts until then. */
    public Optional<Instant> nextStartAfter(Instant t) {
        return periods.stream().map(Period::since).filter(since -> since.isAfter(t)).findFirst();
    }

    /** From {@code at} the owner is {@code ownerId}: a period covering {@code at} ends there; a later one bounds it. */
    public void assigned(String ownerId, Instant at, String requestId) {
        end(at);
        periods.add(new Period(ownerId, at, nextStartAfter(at).orElse(null), requestId));
        periods.sort(Comparator.comparing(Period::since));
    }

    /** The period covering {@code at} ends there (an unassignment at its own start undoes it). */
    public void unassigned(Instant at) {
        end(at);
    }

    private void end(Instant at) {
        for (int i = 0; i < periods.size(); i++) {
            Period period = periods.get(i);
            if (period.covers(at)) {
                if (period.since().equals(at)) {
                    periods.remove(i);
                } else {
                    periods.set(i, new Period(period.ownerId(), period.since(), at, period.requestId()));
                }
                return;
            }
        }
    }
}
