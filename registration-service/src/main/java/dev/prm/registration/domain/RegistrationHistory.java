package dev.prm.registration.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One partner's registrations over time, ended ones included, and the requests it refused {@code CAP_REACHED}
 * (SPEC B3). A late fact is decided at its own instant, which may lie before registrations that have since been
 * released or have expired: the slots in use then are counted from here. When a revision changes what was in use at
 * some past instant, this says which grants and refusals from then on time order would have decided otherwise.
 */
public final class RegistrationHistory {

    /** A registration of {@code domain}: in use at t when registeredAt ≤ t &lt; endsAt (its expiry, or its release). */
    public record Span(String domain, Instant registeredAt, Instant endsAt, String requestId, boolean released) {
        public boolean activeAt(Instant t) {
            return !registeredAt.isAfter(t) && t.isBefore(endsAt);
        }
    }

    /** A request refused because every slot was in use at its instant. */
    public record CapRefusal(String domain, Instant at, String requestId) {
    }

    /** A grant made by request, or a refusal for the cap, in the order time would have decided them. */
    public sealed interface Decided {
        Instant at();
    }

    public record GrantDecided(Span span) implements Decided {
        @Override
        public Instant at() {
            return span.registeredAt();
        }
    }

    public record RefusalDecided(CapRefusal refusal) implements Decided {
        @Override
        public Instant at() {
            return refusal.at();
        }
    }

    private final List<Span> spans = new ArrayList<>();
    private final List<CapRefusal> capRefusals = new ArrayList<>();

    /** Slots in use at t. */
    public int activeAt(Instant t) {
        int active = 0;
        for (Span span : spans) {
            if (span.activeAt(t)) {
                active++;
            }
        }
        return active;
    }

    /** The registration of {@code domain} in use at t, if any. */
    public Optional<Span> activeAt(String domain, Instant t) {
        return spans.stream().filter(span -> span.domain().equals(domain) && span.activeAt(t)).findFirst();
    }

    /**
     * The grants made by request and the refusals for the cap at or after {@code from}, in time order (at one instant,
     * grants first): those a revision at {@code from} may have decided otherwise.
     */
    public List<Decided> decidedFrom(Instant from) {
        List<Decided> decided = new ArrayList<>();
        spans.stream().filter(span -> span.requestId() != null && !span.registeredAt().isBefore(from))
                .forEach(span -> decided.add(new GrantDecided(span)));
        capRefusals.stream().filter(refusal -> !refusal.at().isBefore(from))
                .forEach(refusal -> decided.add(new RefusalDecided(refusal)));
        decided.sort(Comparator.comparing(Decided::at).thenComparing(d -> d instanceof RefusalDecided));
        return decided;
    }

    public boolean stillDecided(Decided decided) {
        return switch (decided) {
            case GrantDecided grant -> spans.stream().anyMatch(span -> span.domain().equals(grant.span().domain())
                    && span.registeredAt().equals(grant.span().registeredAt()));
            case RefusalDecided refusal -> capRefusals.contains(refusal.refusal());
        };
    }

    public void granted(String domain, Instant registeredAt, Instant validUntil, String requestId) {
        spans.add(new Span(domain, registeredAt, validUntil, requestId, false));
    }

    public void extended(String domain, Instant at, Instant validUntil) {
        endsAt(domain, at, validUntil, false);
    }

    public void released(String domain, Instant at) {
        endsAt(domain, at, at, true);
    }

    /** The registration of {@code domain} that has not ended by {@code at} now ends at {@code newEnd}. */
    private void endsAt(String domain, Instant at, Instant newEnd, boolean released) {
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span span = spans.get(i);
            if (span.domain().equals(domain) && at.isBefore(span.endsAt())) {
                spans.set(i, new Span(domain, span.registeredAt(), newEnd.isBefore(span.registeredAt()) ? span.registeredAt() : newEnd,
                        span.requestId(), released));
                return;
            }
        }
    }

    /**
     * A revoked registration was never in use; revoked for the cap, its request is a refusal for the cap now.
     * Returns the revoked registration.
     */
    public Optional<Span> revoked(String domain, Instant registeredAt, boolean forCap) {
        Optional<Span> revoked = spans.stream()
                .filter(span -> span.domain().equals(domain) && span.registeredAt().equals(registeredAt)).findFirst();
        revoked.ifPresent(span -> {
            spans.remove(span);
            if (forCap && span.requestId() != null) {
                refusedForCap(new CapRefusal(domain, registeredAt, span.requestId()));
            }
        });
        return revoked;
    }

    public void refusedForCap(CapRefusal refusal) {
        redecided(refusal.requestId());
        capRefusals.add(refusal);
    }

    public void redecided(String requestId) {
        capRefusals.removeIf(refusal -> refusal.requestId().equals(requestId));
    }
}
