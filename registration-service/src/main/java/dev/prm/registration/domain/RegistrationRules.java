package dev.prm.registration.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.CapTables;
import dev.prm.program.OverCapRule;
import dev.prm.program.OverCapRule.CapChange;

/**
 * The registration rules as plain functions of the facts a decision needs (R2–R8). The aggregates gather
 * the facts and record the outcome; nothing here knows about storage or transport.
 */
public final class RegistrationRules {

    private final CapTables caps;
    private final OverCapRule overCapRule;

    public RegistrationRules(CapTables caps, Duration overCapGrace) {
        this.caps = caps;
        this.overCapRule = new OverCapRule(overCapGrace);
    }

    public CapTables caps() {
        return caps;
    }

    /** R2: the cap at t; a PROVIDER has the provider cap whatever its tier. */
    public int capAt(PartnerKind kind, Tier tier, Instant t) {
        return caps.inForce(t).capFor(kind, tier);
    }

    /** What R3 decides for a request, given what the domain and the partner say at the request's instant. */
    public sealed interface RequestOutcome {
        record Accept() implements RequestOutcome {
        }

        /** The same partner already holds the domain: the existing registration, no new one. */
        record AlreadyHeld() implements RequestOutcome {
        }

        record Refuse(RejectionReason reason) implements RequestOutcome {
        }
    }

    /**
     * @param validDomain      R1 passed
     * @param directOwnerHolds direct sales holds the domain
     * @param holder           the partner whose registration of the domain is active, if any
     */
    public record RequestFacts(boolean validDomain, boolean directOwnerHolds, Optional<String> holder, String requester,
                               int active, int cap) {
    }

    /** R3, in its order. A co-sell holder asking again gets its registration back rather than a new conflict. */
    public static RequestOutcome decideRequest(RequestFacts facts) {
        boolean heldByRequester = facts.holder().filter(facts.requester()::equals).isPresent();
        if (!facts.validDomain()) {
            return new RequestOutcome.Refuse(RejectionReason.INVALID_DOMAIN);
        }
        if (facts.directOwnerHolds() && !heldByRequester) {
            return new RequestOutcome.Refuse(RejectionReason.CHANNEL_CONFLICT);
        }
        return decideGrant(facts.holder(), facts.requester(), facts.active(), facts.cap());
    }

    /** R3 after the channel check, and R8: a grant needs the domain free of other partners and a free slot. */
    public static RequestOutcome decideGrant(Optional<String> holder, String requester, int active, int cap) {
        if (holder.isPresent() && !holder.get().equals(requester)) {
            return new RequestOutcome.Refuse(RejectionReason.ALREADY_REGISTERED);
        }
        if (holder.isPresent()) {
            return new RequestOutcome.AlreadyHeld();
        }
        if (active >= cap) {
            return new RequestOutcome.Refuse(RejectionReason.CAP_REACHED);
        }
        return new RequestOutcome.Accept();
    }

    public sealed interface ExtensionOutcome {
        record Extend(Instant validUntil) implements ExtensionOutcome {
        }

        record Refuse(RejectionReason reason) implements ExtensionOutcome {
        }
    }

    /** R4: once, by 3 months, only while active and not over cap (active ≤ cap). */
    public static ExtensionOutcome decideExtension(Optional<Holding> holding, Instant at, int active, int cap) {
        if (holding.isEmpty() || !holding.get().activeAt(at)) {
            return new ExtensionOutcome.Refuse(RejectionReason.NOT_ACTIVE);
        }
        if (holding.get().extended()) {
            return new ExtensionOutcome.Refuse(RejectionReason.ALREADY_EXTENDED);
        }
        if (active > cap) {
            return new ExtensionOutcome.Refuse(RejectionReason.OVER_CAP);
        }
        return new ExtensionOutcome.Extend(Validity.extendedUntil(holding.get().registeredAt()));
    }

    /**
     * R6: entering or leaving over cap at {@code at} ({@link OverCapRule}, shared with tier-service's what-if).
     */
    public Optional<CapChange> reviewCap(boolean overCap, int active, int cap, Instant at, Optional<Instant> tableDeadline) {
        return overCapRule.review(overCap, active, cap, at, tableDeadline);
    }
}
