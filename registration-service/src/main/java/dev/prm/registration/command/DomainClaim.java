package dev.prm.registration.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;


import dev.prm.registration.RegistrationServiceApplication;
import dev.prm.registration.command.DomainClaimEvents.ConflictOpened;
import dev.prm.registration.command.DomainClaimEvents.ConflictOrigin;
import dev.prm.registration.command.DomainClaimEvents.ConflictResolved;
import dev.prm.registration.command.DomainClaimEvents.DirectOwnerLeftDomain;
import dev.prm.registration.command.DomainClaimEvents.DirectOwnerTookDomain;
import dev.prm.registration.command.DomainClaimEvents.DomainClaimExtended;
import dev.prm.registration.command.DomainClaimEvents.DomainClaimReleased;
import dev.prm.registration.command.DomainClaimEvents.DomainClaimed;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.DomainName;

/**
 * One customer domain, event-sourced: which partner holds it, whether direct sales owns it, and its open
 * channel conflicts. Every grant appends to this stream, so two partners asking at the same instant cannot
 * both hold the domain: the second append fails on the event store's unique key and is retried.
 */
@Aggregate(lockFactory = RegistrationServiceApplication.NO_IN_MEMORY_LOCKS, cache = RegistrationServiceApplication.DOMAIN_CACHE)
public class DomainClaim {

    private static final String ID_PREFIX = "domain:";

    @AggregateIdentifier
    private String claimId;
    private String domain;
    private Claim claim;
    private String directOwnerId;
    private Instant directOwnerSince;
    private String directOwnerRequestId;
    private final Map<String, OpenConflict> openConflicts = new LinkedHashMap<>();

    private record Claim(String partnerId, Instant registeredAt, Instant validUntil) {
        boolean activeAt(Instant t) {
            return !registeredAt.isAfter(t) && t.isBefore(validUntil);
        }
    }

    record OpenConflict(String conflictId, String partnerId, String directOwnerId, ConflictOrigin origin) {
    }

    protected DomainClaim() {
        // for Axon
    }

    DomainClaim(DomainName name) {
        this.claimId = idOf(name);
        this.domain = name.value();
    }

    /** Stream ids are prefixed so that a domain never shares a stream with a partner id. */
    static String idOf(DomainName name) {
        return ID_PREFIX + name.value();
    }

    /** The partner whose registration is active at t. */
    Optional<String> holderAt(Instant t) {
        return claim != null && claim.activeAt(t) ? Optional.of(claim.partnerId()) : Optional.empty();
    }

    /**
     * The partner whose registration is active at t or begins after it: an assignment dated before a registration
     * that was taken in first does not take the domain from under it (R8); a case is opened instead.
     */
    Optional<String> holderAtOrAfter(Instant t) {
        return claim != null && t.isBefore(claim.validUntil()) ? Optional.of(claim.partnerId()) : Optional.empty();
    }

    /** Direct sales holds the domain at t: assigned at or before t (B1: a request is decided at its own instant). */
    boolean directOwnerHoldsAt(Instant t) {
        return directOwnerId != null && !directOwnerSince.isAfter(t);
    }

    Optional<OpenConflict> openConflict(String conflictId) {
        return Optional.ofNullable(openConflicts.get(conflictId));
    }

    void claim(String partnerId, Instant registeredAt, Instant validUntil) {
        apply(new DomainClaimed(domain, partnerId, registeredAt, validUntil));
    }

    void extendClaim(String partnerId, Instant validUntil) {
        apply(new DomainClaimExtended(domain, partnerId, validUntil));
    }

    void releaseClaim(String partnerId, Instant at) {
        if (claim != null && claim.partnerId().equals(partnerId)) {
            apply(new DomainClaimReleased(domain, partnerId, at));
        }
    }

    void assignDirectOwner(String ownerId, Instant at, String requestId) {
        if (!ownerId.equals(directOwnerId)) {
            apply(new DirectOwnerTookDomain(domain, ownerId, at, requestId));
        }
    }

    /**
     * R8 for a registration taken in after a later assignment (SPEC §4 orders nothing across partitions): had they
     * arrived in time order, the assignment would have met the partner's registration, opened a case and left the
     * domain to the partner. So it does now, at the assignment's instant, with the case id it would have had.
     */
    void yieldToEarlierRegistration(String partnerId, Instant registeredAt) {
        if (directOwnerId == null || !directOwnerSince.isAfter(registeredAt)
                || holderAt(directOwnerSince).filter(partnerId::equals).isEmpty()) {
            return;
        }
        String ownerId = directOwnerId;
        Instant since = directOwnerSince;
        String conflictId = RegistrationCommandHandler.conflictIdFor(
                directOwnerRequestId != null ? directOwnerRequestId : domain + "|" + ownerId + "|" + since);
        apply(new DirectOwnerLeftDomain(domain, since));
        openConflict(conflictId, partnerId, ownerId, ConflictOrigin.ASSIGNMENT, since);
    }

    void unassignDirectOwner(Instant at) {
        if (directOwnerId != null) {
            apply(new DirectOwnerLeftDomain(domain, at));
        }
    }

    /** R8: one open case per partner and direct owner; asking again points to the same case. */
    String openConflict(String conflictId, String partnerId, String ownerId, ConflictOrigin origin, Instant at) {
        for (OpenConflict open : openConflicts.values()) {
            if (open.partnerId().equals(partnerId) && open.directOwnerId().equals(ownerId)) {
                return open.conflictId();
            }
        }
        apply(new ConflictOpened(conflictId, domain, partnerId, ownerId, origin, at));
        return conflictId;
    }

    String directOwnerId() {
        return directOwnerId;
    }

    void resolveConflict(OpenConflict conflict, ConflictResolution resolution, Instant at) {
        apply(new ConflictResolved(conflict.conflictId(), domain, conflict.partnerId(), conflict.directOwnerId(), resolution, at));
    }

    @EventSourcingHandler
    void on(DomainClaimed event) {
        seen(event.domain());
        claim = new Claim(event.partnerId(), event.registeredAt(), event.validUntil());
    }

    @EventSourcingHandler
    void on(DomainClaimExtended event) {
        seen(event.domain());
        if (claim != null && claim.partnerId().equals(event.partnerId())) {
            claim = new Claim(claim.partnerId(), claim.registeredAt(), event.validUntil());
        }
    }

    @EventSourcingHandler
    void on(DomainClaimReleased event) {
        seen(event.domain());
        claim = null;
    }

    @EventSourcingHandler
    void on(DirectOwnerTookDomain event) {
        seen(event.domain());
        directOwnerId = event.ownerId();
        directOwnerSince = event.at();
        directOwnerRequestId = event.requestId();
    }

    @EventSourcingHandler
    void on(DirectOwnerLeftDomain event) {
        seen(event.domain());
        directOwnerId = null;
        directOwnerSince = null;
        directOwnerRequestId = null;
    }

    @EventSourcingHandler
    void on(ConflictOpened event) {
        seen(event.domain());
        openConflicts.put(event.conflictId(), new OpenConflict(event.conflictId(), event.partnerId(), event.directOwnerId(), event.origin()));
    }

    @EventSourcingHandler
    void on(ConflictResolved event) {
        seen(event.domain());
        openConflicts.remove(event.conflictId());
    }

    private void seen(String name) {
        domain = name;
        claimId = ID_PREFIX + name;
    }
}
