package dev.prm.registration.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One domain's partner registrations over time, and the requests refused {@code ALREADY_REGISTERED} because of them
 * (SPEC B3). A fact decided at its own instant may land before registrations decided earlier from later facts; this
 * says which of them time order would not have made, and which refusals time order would not have made either.
 */
public final class ClaimTimeline {

    /** A partner's registration of the domain: active at t when registeredAt ≤ t &lt; validUntil. */
    public record Claim(String partnerId, Instant registeredAt, Instant validUntil, String requestId) {
        public boolean activeAt(Instant t) {
            return !registeredAt.isAfter(t) && t.isBefore(validUntil);
        }
    }

    /** A request refused because another partner's registration was active at its instant. */
    public record Refusal(String partnerId, Instant at, String requestId) {
    }

    private final List<Claim> claims = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();

    public Optional<Claim> activeAt(Instant t) {
        return claims.stream().filter(claim -> claim.activeAt(t)).findFirst();
    }


    /** The registration active at t or beginning after it: the latest one that has not ended by t. */
    public Optional<Claim> activeAtOrAfter(Instant t) {
        return claims.stream().filter(claim -> t.isBefore(claim.validUntil())).findFirst();
    }

    /**
     * B3, R3: registrations that a grant from {@code from} to {@code until} would have refused in time order — those
     * made strictly after {@code from} and before {@code until}. They are revoked from their own instant. At one instant
     * the first decided keeps the domain: REST requests all come at business time, and a partner told 201 keeps it.
     */
    public List<Claim> preemptedByGrant(Instant from, Instant until) {
        return claims.stream().filter(claim -> claim.registeredAt().isAfter(from) && claim.registeredAt().isBefore(until)).toList();
    }

    /**
     * B3, R3 before R8: registrations made strictly after a direct owner took the domain at {@code since}, when no
     * registration was active then (one active then keeps the domain and a case is opened instead). Time order would
     * have refused each of them with CHANNEL_CONFLICT.
     */
    public List<Claim> preemptedByDirectOwner(Instant since) {
        if (activeAt(since).isPresent()) {
            return List.of();
        }
        return claims.stream().filter(claim -> claim.registeredAt().isAfter(since)).toList();
    }

    /** B3: the earliest refusal that no registration explains any more (a late release, a revocation): decided again. */
    public Optional<Refusal> firstUnexplainedRefusal() {
        return refusals.stream().filter(refusal -> activeAt(refusal.at())
                        .filter(claim -> !claim.partnerId().equals(refusal.partnerId())).isEmpty())
                .findFirst();
    }

    public void claimed(Claim claim) {
        claims.add(claim);
        claims.sort(Comparator.comparing(Claim::registeredAt));
    }

    /** The partner's registration that has not ended yet (the latest) runs until {@code validUntil}. */
    public void extended(String partnerId, Instant validUntil) {
        latestOf(partnerId).ifPresent(claim -> replace(claim, new Claim(claim.partnerId(), claim.registeredAt(), validUntil, claim.requestId())));
    }

    /** A release at {@code at} ends the partner's registration active then (or the latest one, as before B3). */
    public void released(String partnerId, Instant at) {
        Optional<Claim> released = activeAt(at).filter(claim -> claim.partnerId().equals(partnerId)).or(() -> latestOf(partnerId));
        released.filter(claim -> at.isBefore(claim.validUntil())).ifPresent(claim ->
                replace(claim, new Claim(claim.partnerId(), claim.registeredAt(), at.isBefore(claim.registeredAt()) ? claim.registeredAt() : at,
                        claim.requestId())));
    }

    public void revoked(String partnerId, Instant registeredAt) {
        claims.removeIf(claim -> claim.partnerId().equals(partnerId) && claim.registeredAt().equals(registeredAt));
    }

    public void refused(Refusal refusal) {
        refusals.add(refusal);
        refusals.sort(Comparator.comparing(Refusal::at));
    }

    public void redecided(String requestId) {
        refusals.removeIf(refusal -> refusal.requestId().equals(requestId));
    }

    private Optional<Claim> latestOf(String partnerId) {
        return claims.reversed().stream().filter(claim -> claim.partnerId().equals(partnerId)).findFirst();
    }

    private void replace(Claim old, Claim replacement) {
        claims.set(claims.indexOf(old), replacement);
    }
}
