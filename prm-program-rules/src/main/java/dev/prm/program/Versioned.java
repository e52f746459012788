package dev.prm.program;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A table versioned by effective date: the version in force at t is the latest one effective at or before t.
 * The first version is in force "from the beginning of time" when it starts at {@link Instant#MIN}.
 */
public final class Versioned<T> {

    public record Version<T>(String id, Instant effectiveFrom, T value) {
        public Version {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(effectiveFrom, "effectiveFrom");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<Version<T>> versions;

    private Versioned(List<Version<T>> versions) {
        this.versions = versions;
    }

    @SafeVarargs
    public static <T> Versioned<T> of(Version<T>... versions) {
        return of(List.of(versions));
    }

    public static <T> Versioned<T> of(List<Version<T>> versions) {
        List<Version<T>> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Version::effectiveFrom));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).effectiveFrom().equals(sorted.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException("two versions effective at " + sorted.get(i).effectiveFrom());
            }
        }
        return new Versioned<>(List.copyOf(sorted));
    }

    public Version<T> versionAt(Instant t) {
        Version<T> inForce = null;
        for (Version<T> version : versions) {
            if (version.effectiveFrom().isAfter(t)) {
                break;
            }
            inForce = version;
        }
        if (inForce == null) {
            throw new IllegalStateException("no version in force at " + t);
        }
        return inForce;
    }

    public T at(Instant t) {
        return versionAt(t).value();
    }

    public List<Version<T>> versions() {
        return versions;
    }

    /** A new table with one more version. */
    public Versioned<T> with(Version<T> version) {
        List<Version<T>> more = new ArrayList<>(versions);
        more.add(version);
        return of(more);
    }

    /** A new table where {@code version} replaces every version effective at or after its date (a policy what-if). */
    public Versioned<T> replacedFrom(Version<T> version) {
        List<Version<T>> kept = new ArrayList<>();
        for (Version<T> existing : versions) {
            if (existing.effectiveFrom().isBefore(version.effectiveFrom())) {
                kept.add(existing);
            }
        }
        kept.add(version);
        return of(kept);
    }
}
