package dev.prm.registration.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
import dev.prm.registration.command.DomainClaimEvents.DomainClaimRevoked;
import dev.prm.registration.command.DomainClaimEvents.DomainClaimed;
import dev.prm.registration.command.DomainClaimEvents.RefusalRedecided;
import dev.prm.registration.command.DomainClaimEvents.RequestRefusedForChannel;
import dev.prm.registration.command.DomainClaimEvents.RequestRefusedWhileHeld;
import dev.prm.registration.domain.ClaimTimeline;
import dev.prm.registration.domain.ClaimTimeline.Claim;
import dev.prm.registration.domain.ClaimTimeline.Refusal;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.DirectOwnership;
import dev.prm.registration.domain.DomainName;
import dev.prm.registration.domain.RejectionReason;

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
    /** Every registration of the domain with its instants, so a fact decided at its own instant sees time order (B3). */
    private final ClaimTimeline timeline = new ClaimTimeline();
    /** Direct sales' ownership periods, so a request meets the owner its own instant falls under (B3). */
    private final DirectOwnership ownership = new DirectOwnership();
    private final Map<String, OpenConflict> openConflicts = new LinkedHashMap<>();
    /** Requests refused CHANNEL_CONFLICT, in time order, to be decided again if direct sales turns out not to own the domain then. */
    private final List<ChannelRefusal> channelRefusals = new ArrayList<>();

    record ChannelRefusal(String partnerId, Instant at, String requestId, String conflictId) {
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

    /** The claim stream a fact about this domain decides for, besides its partner's; none for a name that is not valid. */
    public static Stream<String> streamOf(String domain) {
        return DomainName.parse(domain).map(DomainClaim::idOf).stream();
    }

    /** The partner whose registration is active at t. */
    Optional<String> holderAt(Instant t) {
        return timeline.activeAt(t).map(Claim::partnerId);
    }

    /** B3: registrations a grant from {@code from} to {@code until} would have refused in time order. */
    List<Claim> preemptedByGrant(Instant from, Instant until) {
        return timeline.preemptedByGrant(from, until);
    }

    /**
     * B3: registrations made by request after a direct owner assigned at {@code since} and before the next known
     * assignment, which time order would have refused (CHANNEL_CONFLICT). Grants by a case's resolution (no request
     * id) were the manager's call and stay. None when direct sales already owned the domain then.
     */
    List<Claim> preemptedByDirectOwner(Instant since) {
        if (ownership.at(since).isPresent()) {
            return List.of();
        }
        Optional<Instant> until = ownership.nextStartAfter(since);
        return timeline.preemptedByDirectOwner(since).stream()
                .filter(claim -> claim.requestId() != null && until.map(claim.registeredAt()::isBefore).orElse(true)).toList();
    }

    Optional<Refusal> firstUnexplainedRefusal() {
        return timeline.firstUnexplainedRefusal();
    }

    /** B3: the earliest request refused CHANNEL_CONFLICT at an instant direct sales no longer owns the domain at (a late unassignment). */
    Optional<ChannelRefusal> firstUnexplainedChannelRefusal() {
        return channelRefusals.stream().filter(refusal -> !directOwnerHoldsAt(refusal.at())).findFirst();
    }

    void recordChannelRefusal(String partnerId, Instant at, String requestId, String conflictId) {
        apply(new RequestRefusedForChannel(domain, partnerId, at, requestId, conflictId));
    }

    /** Direct sales holds the domain at t: assigned at or before t (B1: a request is decided at its own instant). */
    boolean directOwnerHoldsAt(Instant t) {
        return ownership.at(t).isPresent();
    }

    Optional<OpenConflict> openConflict(String conflictId) {
        return Optional.ofNullable(openConflicts.get(conflictId));
    }

    void claim(String partnerId, Instant registeredAt, Instant validUntil, String requestId) {
        apply(new DomainClaimed(domain, partnerId, registeredAt, validUntil, requestId));
    }

    void revokeClaim(String partnerId, Instant registeredAt, RejectionReason reason) {
        apply(new DomainClaimRevoked(domain, partnerId, registeredAt, reason));
    }

    void recordRefusal(String partnerId, Instant at, String requestId) {
        apply(new RequestRefusedWhileHeld(domain, partnerId, at, requestId));
    }

    void redecided(String requestId) {
        apply(new RefusalRedecided(domain, requestId));
    }

    void extendClaim(String partnerId, Instant validUntil) {
        apply(new DomainClaimExtended(domain, partnerId, validUntil));
    }

    void releaseClaim(String partnerId, Instant at) {
        apply(new DomainClaimReleased(domain, partnerId, at));
    }

    void assignDirectOwner(String ownerId, Instant at, String requestId) {
        if (ownership.at(at).filter(period -> period.ownerId().equals(ownerId)).isEmpty()) {
            apply(new DirectOwnerTookDomain(domain, ownerId, at, requestId));
        }
    }

    /**
     * R8 for a registration taken in after a later assignment (SPEC §4 orders nothing across partitions): had they
     * arrived in time order, the assignment would have met the partner's registration, opened a case and left the
     * domain to the partner. So it does now, at the assignment's instant, with the case id it would have had.
     */
    void yieldToEarlierRegistration(String partnerId, Instant registeredAt) {
        Optional<DirectOwnership.Period> assignedLater = ownership.nextStartAfter(registeredAt).flatMap(ownership::at)
                .filter(period -> holderAt(period.since()).filter(partnerId::equals).isPresent());
        if (assignedLater.isEmpty()) {
            return;
        }
        DirectOwnership.Period period = assignedLater.get();
        String conflictId = RegistrationCommandHandler.conflictIdFor(
                period.requestId() != null ? period.requestId() : domain + "|" + period.ownerId() + "|" + period.since());
        apply(new DirectOwnerLeftDomain(domain, period.since()));
        openConflict(conflictId, partnerId, period.ownerId(), ConflictOrigin.ASSIGNMENT, period.since());
    }

    /** Direct sales lets the domain go at {@code at}, when it owned it then. */
    void unassignDirectOwner(Instant at) {
        if (ownership.at(at).isPresent()) {
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

    Optional<String> directOwnerAt(Instant t) {
        return ownership.at(t).map(DirectOwnership.Period::ownerId);
    }

    /** The direct owner now (the latest period, not ended), or null. */
    String directOwnerId() {
        return ownership.current().map(DirectOwnership.Period::ownerId).orElse(null);
    }

    void resolveConflict(OpenConflict conflict, ConflictResolution resolution, Instant at) {
        apply(new ConflictResolved(conflict.conflictId(), domain, conflict.partnerId(), conflict.directOwnerId(), resolution, at));
    }

    @EventSourcingHandler
    void on(DomainClaimed event) {
        seen(event.domain());
        timeline.claimed(new Claim(event.partnerId(), event.registeredAt(), event.validUntil(), event.requestId()));
    }

    @EventSourcingHandler
    void on(DomainClaimRevoked event) {
        seen(event.domain());
        timeline.revoked(event.partnerId(), event.registeredAt());
    }

    @EventSourcingHandler
    void on(RequestRefusedWhileHeld event) {
        seen(event.domain());
        timeline.refused(new Refusal(event.partnerId(), event.at(), event.requestId()));
    }

    @EventSourcingHandler
    void on(RequestRefusedForChannel event) {
        seen(event.domain());
        channelRefusals.add(new ChannelRefusal(event.partnerId(), event.at(), event.requestId(), event.conflictId()));
        channelRefusals.sort(Comparator.comparing(ChannelRefusal::at));
    }

    @EventSourcingHandler
    void on(RefusalRedecided event) {
        seen(event.domain());
        timeline.redecided(event.requestId());
        channelRefusals.removeIf(refusal -> refusal.requestId().equals(event.requestId()));
    }

    @EventSourcingHandler
    void on(DomainClaimExtended event) {
        seen(event.domain());
        timeline.extended(event.partnerId(), event.validUntil());
    }

    @EventSourcingHandler
    void on(DomainClaimReleased event) {
        seen(event.domain());
        timeline.released(event.partnerId(), event.at());
    }

    @EventSourcingHandler
    void on(DirectOwnerTookDomain event) {
        seen(event.domain());
        ownership.assigned(event.ownerId(), event.at(), event.requestId());
    }

    @EventSourcingHandler
    void on(DirectOwnerLeftDomain event) {
        seen(event.domain());
        ownership.unassigned(event.at());
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
