package dev.prm.registration.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;


import dev.prm.registration.RegistrationServiceApplication;
import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.registration.command.PartnerEvents.CapDeadlinePassed;
import dev.prm.registration.command.PartnerEvents.CapExceeded;
import dev.prm.registration.command.PartnerEvents.CapRestored;
import dev.prm.registration.command.PartnerEvents.CapTableAdopted;
import dev.prm.registration.command.PartnerEvents.EnrolmentRecorded;
import dev.prm.registration.command.PartnerEvents.RegistrationExpired;
import dev.prm.registration.command.PartnerEvents.RegistrationExtended;
import dev.prm.registration.command.PartnerEvents.RegistrationGranted;
import dev.prm.registration.command.PartnerEvents.RegistrationMarkedCoSell;
import dev.prm.registration.command.PartnerEvents.RegistrationRejected;
import dev.prm.registration.command.PartnerEvents.RegistrationReleased;
import dev.prm.registration.command.PartnerEvents.RegistrationRevoked;
import dev.prm.registration.command.PartnerEvents.ReleaseHeldBack;
import dev.prm.registration.command.PartnerEvents.TierRecorded;
import dev.prm.program.CapTable;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.Holding;
import dev.prm.registration.domain.RegistrationHistory;
import dev.prm.registration.domain.RegistrationHistory.CapRefusal;
import dev.prm.registration.domain.RegistrationHistory.Decided;
import dev.prm.registration.domain.RegistrationRules;
import dev.prm.program.OverCapRule.CapChange;
import dev.prm.registration.domain.RejectionReason;
import dev.prm.registration.domain.Validity;

/**
 * One partner's registrations and cap, event-sourced: every registration of the partner appends to this
 * stream, so two concurrent grants for the last free slot cannot both commit (the event store's unique
 * (aggregate, sequence) key refuses the second, which is retried and then sees the slot taken).
 * Created by the first fact that names the partner (P1): it is a SOLUTIONS_PARTNER until told otherwise.
 */
@Aggregate(lockFactory = RegistrationServiceApplication.NO_IN_MEMORY_LOCKS, cache = RegistrationServiceApplication.PARTNER_CACHE)
public class PartnerRegistrations {

    @AggregateIdentifier
    private String partnerId;
    private final NavigableMap<Instant, Tier> tiers = new TreeMap<>();
    private final NavigableMap<Instant, PartnerKind> kinds = new TreeMap<>();
    /** Registrations not yet released or expired, by domain. */
    private final Map<String, Holding> holdings = new HashMap<>();
    /** The last registration of each domain that expired, kept to answer a request dated before its expiry. */
    private final Map<String, Holding> expired = new HashMap<>();
    /** Every registration with its instants, ended ones included, and the refusals for the cap (B3). */
    private final RegistrationHistory history = new RegistrationHistory();
    /** Releases of domains the partner did not hold when they came, by domain: a late grant from before ends then (B3). */
    private final Map<String, Instant> heldBackReleases = new HashMap<>();
    /** Cap table changes up to this instant have been acted on; first set by the partner's first fact. */
    private Instant capsReviewedUntil;
    private OverCap overCap;

    private record OverCap(Instant since, Instant deadline, boolean deadlinePassed) {
    }

    protected PartnerRegistrations() {
        // for Axon
    }

    PartnerRegistrations(String partnerId) {
        this.partnerId = partnerId;
    }

    Tier tierAt(Instant t) {
        var entry = tiers.floorEntry(t);
        return entry == null ? Tier.SOLUTIONS_PARTNER : entry.getValue();
    }

    PartnerKind kindAt(Instant t) {
        var entry = kinds.floorEntry(t);
        return entry == null ? PartnerKind.SOLUTIONS_PARTNER : entry.getValue();
    }

    /** Slots in use at t, counting registrations released or expired since (a late fact is decided at its instant). */
    int activeAt(Instant t) {
        return history.activeAt(t);
    }

    /** B3: grants by request and refusals for the cap from {@code from} on, in time order. */
    List<Decided> decidedFrom(Instant from) {
        return history.decidedFrom(from);
    }

    boolean stillDecided(Decided decided) {
        return history.stillDecided(decided);
    }

    int capAt(Instant t, RegistrationRules rules) {
        return rules.capAt(kindAt(t), tierAt(t), t);
    }

    Optional<Holding> holding(String domain) {
        return Optional.ofNullable(holdings.get(domain));
    }

    /**
     * The registration of {@code domain} active at t, also one this stream has already expired: a request that arrives
     * after later business time was taken in is still decided at its own instant (B1).
     */
    Optional<Holding> holdingAt(String domain, Instant t) {
        return Stream.of(holdings.get(domain), expired.get(domain))
                .filter(holding -> holding != null && holding.activeAt(t)).findFirst();
    }

    boolean overCap() {
        return overCap != null;
    }

    /**
     * Acts on everything time brings up to {@code now}, in time order: expiries (R5), cap table changes (R2, R6)
     * and the over-cap deadline (R7). Each happens at its own instant, so the outcome does not depend on when
     * the clock happened to be told.
     */
    void catchUp(Instant now, RegistrationRules rules) {
        for (Instant next = nextDue(now, rules); next != null; next = nextDue(now, rules)) {
            Instant due = next;
            List<Holding> expiring = new ArrayList<>(holdings.values().stream()
                    .filter(holding -> !holding.validUntil().isAfter(due)).toList());
            expiring.sort(java.util.Comparator.comparing(Holding::domain));
            expiring.forEach(holding -> apply(new RegistrationExpired(partnerId, holding.domain(), holding.validUntil())));
            Optional<CapTable> crossed = capsReviewedUntil == null ? Optional.empty()
                    : rules.caps().firstEffectiveIn(capsReviewedUntil, due);
            crossed.ifPresent(table -> apply(new CapTableAdopted(partnerId, table.version(), table.effectiveFrom())));
            reviewCap(due, rules, crossed.flatMap(CapTable::deadline));
            if (overCap != null && !overCap.deadlinePassed() && !overCap.deadline().isAfter(due)) {
                apply(new CapDeadlinePassed(partnerId, capAt(due, rules), activeAt(due), overCap.deadline()));
            }
        }
    }

    private Instant nextDue(Instant now, RegistrationRules rules) {
        Instant next = null;
        for (Holding holding : holdings.values()) {
            next = earlier(next, holding.validUntil());
        }
        if (capsReviewedUntil != null) {
            next = earlier(next, rules.caps().firstEffectiveIn(capsReviewedUntil, now).map(CapTable::effectiveFrom).orElse(null));
        }
        if (overCap != null && !overCap.deadlinePassed()) {
            next = earlier(next, overCap.deadline());
        }
        return next != null && !next.isAfter(now) ? next : null;
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** R6: publishes entering or leaving over cap at {@code at}. */
    void reviewCap(Instant at, RegistrationRules rules, Optional<Instant> tableDeadline) {
        Optional<CapChange> change = rules.reviewCap(overCap != null, activeAt(at), capAt(at, rules), at, tableDeadline);
        change.ifPresent(c -> {
            switch (c) {
                case CapChange.Exceeded exceeded ->
                        apply(new CapExceeded(partnerId, exceeded.cap(), exceeded.active(), exceeded.since(), exceeded.deadline()));
                case CapChange.Restored restored ->
                        apply(new CapRestored(partnerId, restored.cap(), restored.active(), restored.restoredAt()));
            }
        });
    }

    void reject(String domain, RejectionReason reason, Instant at, String requestId) {
        apply(new RegistrationRejected(partnerId, domain, reason, at, requestId));
    }

    Holding grant(String domain, Instant at, boolean coSell, String requestId) {
        apply(new RegistrationGranted(partnerId, domain, at, Validity.validUntil(at), coSell, requestId));
        return holdings.get(domain);
    }

    /**
     * B3: the registration made at {@code registeredAt} would not have been made in time order; it is revoked from
     * that instant, so it never counted toward the cap. An over-cap period it caused ends where it began (or at the
     * registration, if later): a restoration published with the revision, never a rewrite of what was published.
     */
    void revoke(String domain, Instant registeredAt, RejectionReason reason, RegistrationRules rules) {
        apply(new RegistrationRevoked(partnerId, domain, reason, registeredAt, registeredAt));
        if (overCap != null) {
            reviewCap(overCap.since().isAfter(registeredAt) ? overCap.since() : registeredAt, rules, Optional.empty());
        }
    }

    Holding extend(String domain, Instant validUntil, Instant at) {
        apply(new RegistrationExtended(partnerId, domain, validUntil, at));
        return holdings.get(domain);
    }

    /**
     * B3: a release of a domain the partner does not hold changes nothing now; it is kept in case a late fact grants
     * the partner that domain from before the release (its own requests come in order, another partner's may not).
     */
    void holdBackRelease(String domain, Instant at) {
        if (!at.equals(heldBackReleases.get(domain))) {
            apply(new ReleaseHeldBack(partnerId, domain, at));
        }
    }

    /** The release held back for {@code domain} that falls within a registration granted at {@code grantedAt}. */
    Optional<Instant> heldBackRelease(String domain, Instant grantedAt) {
        return Optional.ofNullable(heldBackReleases.get(domain))
                .filter(at -> at.isAfter(grantedAt) && at.isBefore(Validity.validUntil(grantedAt)));
    }

    /** R5: the slot is free at once; leaving over cap is published at the same instant. */
    void release(String domain, Instant at, RegistrationRules rules) {
        apply(new RegistrationReleased(partnerId, domain, at));
        reviewCap(at, rules, Optional.empty());
    }

    Holding markCoSell(String domain, String conflictId, Instant at) {
        apply(new RegistrationMarkedCoSell(partnerId, domain, conflictId, ConflictResolution.CO_SELL, at));
        return holdings.get(domain);
    }

    /** P1: the kind (and a migrated tier) from the enrolment's time on. */
    void recordEnrolment(PartnerKind kind, Tier tier, Instant at, RegistrationRules rules) {
        apply(new EnrolmentRecorded(partnerId, kind, tier, at));
        reviewCap(at, rules, Optional.empty());
    }

    /** A tier change published by tier-service moves the cap from its effective instant (R6 when it drops). */
    void recordTier(Tier tier, Instant at, RegistrationRules rules) {
        if (tierAt(at) == tier) {
            return;
        }
        apply(new TierRecorded(partnerId, tier, at));
        reviewCap(at, rules, Optional.empty());
    }

    @EventSourcingHandler
    void on(EnrolmentRecorded event) {
        seen(event.partnerId(), event.at());
        kinds.put(event.at(), event.kind());
        if (event.tier() != null) {
            tiers.put(event.at(), event.tier());
        }
    }

    @EventSourcingHandler
    void on(TierRecorded event) {
        seen(event.partnerId(), event.at());
        tiers.put(event.at(), event.tier());
    }

    @EventSourcingHandler
    void on(CapTableAdopted event) {
        seen(event.partnerId(), event.at());
        capsReviewedUntil = event.at();
    }

    @EventSourcingHandler
    void on(RegistrationGranted event) {
        seen(event.partnerId(), event.at());
        holdings.put(event.domain(), new Holding(event.domain(), event.at(), event.validUntil(), false, event.coSell()));
        history.granted(event.domain(), event.at(), event.validUntil(), event.requestId());
        if (event.requestId() != null) {
            history.redecided(event.requestId());
        }
    }

    @EventSourcingHandler
    void on(RegistrationRejected event) {
        seen(event.partnerId(), event.at());
        if (event.requestId() != null) {
            history.redecided(event.requestId());
            if (event.reason() == RejectionReason.CAP_REACHED) {
                history.refusedForCap(new CapRefusal(event.domain(), event.at(), event.requestId()));
            }
        }
    }

    @EventSourcingHandler
    void on(RegistrationExtended event) {
        seen(event.partnerId(), event.at());
        holdings.computeIfPresent(event.domain(), (domain, holding) -> holding.extendedTo(event.validUntil()));
        history.extended(event.domain(), event.at(), event.validUntil());
    }

    @EventSourcingHandler
    void on(RegistrationReleased event) {
        seen(event.partnerId(), event.at());
        holdings.remove(event.domain());
        heldBackReleases.remove(event.domain(), event.at());
        history.released(event.domain(), event.at());
    }

    @EventSourcingHandler
    void on(RegistrationRevoked event) {
        seen(event.partnerId(), event.at());
        holdings.computeIfPresent(event.domain(), (domain, holding) -> holding.registeredAt().equals(event.registeredAt()) ? null : holding);
        expired.computeIfPresent(event.domain(), (domain, holding) -> holding.registeredAt().equals(event.registeredAt()) ? null : holding);
        history.revoked(event.domain(), event.registeredAt(), event.reason() == RejectionReason.CAP_REACHED)
                .filter(RegistrationHistory.Span::released)
                // its release came in order after it: a grant from before that release, after a revision, ends there too
                .ifPresent(span -> heldBackReleases.put(event.domain(), span.endsAt()));
    }

    @EventSourcingHandler
    void on(ReleaseHeldBack event) {
        seen(event.partnerId(), event.at());
        heldBackReleases.put(event.domain(), event.at());
    }

    @EventSourcingHandler
    void on(RegistrationExpired event) {
        seen(event.partnerId(), event.at());
        Holding ended = holdings.remove(event.domain());
        if (ended != null) {
            expired.put(event.domain(), ended);
        }
    }

    @EventSourcingHandler
    void on(RegistrationMarkedCoSell event) {
        seen(event.partnerId(), event.at());
        holdings.computeIfPresent(event.domain(), (domain, holding) -> holding.markedCoSell());
    }

    @EventSourcingHandler
    void on(CapExceeded event) {
        seen(event.partnerId(), event.at());
        overCap = new OverCap(event.at(), event.deadline(), false);
    }

    @EventSourcingHandler
    void on(CapDeadlinePassed event) {
        seen(event.partnerId(), event.at());
        if (overCap != null) {
            overCap = new OverCap(overCap.since(), overCap.deadline(), true);
        }
    }

    @EventSourcingHandler
    void on(CapRestored event) {
        seen(event.partnerId(), event.at());
        overCap = null;
    }

    /** The cap table in force at the partner's first fact needs no crossing; later ones do. */
    private void seen(String id, Instant at) {
        partnerId = id;
        if (capsReviewedUntil == null) {
            capsReviewedUntil = at;
        }
    }
}
