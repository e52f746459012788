package dev.prm.program;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** R2: the cap table's versions by effective date; the one in force at t is the latest effective at or before t. */
public final class CapTables {

    private final List<CapTable> versions;

    public CapTables(List<CapTable> versions) {
        List<CapTable> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(CapTable::effectiveFrom));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException("two cap tables effective at " + sorted.get(i).effectiveFrom());
            }
        }
        if (sorted.isEmpty() || !sorted.getFirst().effectiveFrom().equals(Instant.MIN)) {
            throw new IllegalArgumentException("the first cap table must be in force from the beginning of time");
        }
        this.versions = List.copyOf(sorted);
    }

    public CapTable inForce(Instant t) {
        CapTable inForce = versions.getFirst();
        for (CapTable version : versions) {
            if (version.effectiveFrom().isAfter(t)) {
                break;
            }
            inForce = version;
        }
        return inForce;
    }

    /** The first version that takes effect in (after, until], if any. */
    public Optional<CapTable> firstEffectiveIn(Instant after, Instant until) {
        return versions.stream()
                .filter(version -> version.effectiveFrom().isAfter(after) && !version.effectiveFrom().isAfter(until))
                .findFirst();
    }

    public List<CapTable> versions() {
        return versions;
    }

    /** New tables where {@code table} replaces every version effective at or after its date (a policy what-if). */
    public CapTables replacedFrom(CapTable table) {
        List<CapTable> kept = new ArrayList<>();
        for (CapTable existing : versions) {
            if (existing.effectiveFrom().isBefore(table.effectiveFrom())) {
                kept.add(existing);
            }
        }
        kept.add(table);
        return new CapTables(kept);
    }
}
