package dev.prm.registration.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.registration.command.Decisions.AlreadyHeld;
import dev.prm.registration.command.Decisions.ExtensionDecision;
import dev.prm.registration.command.Decisions.ExtensionRefused;
import dev.prm.registration.command.Decisions.Extended;
import dev.prm.registration.command.Decisions.Granted;
import dev.prm.registration.command.Decisions.NotOpen;
import dev.prm.registration.command.Decisions.Refused;
import dev.prm.registration.command.Decisions.RegistrationDecision;
import dev.prm.registration.command.Decisions.ResolutionDecision;
import dev.prm.registration.command.Decisions.ResolutionRefused;
import dev.prm.registration.command.Decisions.Resolved;
import dev.prm.registration.command.DomainClaim.ChannelRefusal;
import dev.prm.registration.command.DomainClaim.OpenConflict;
import dev.prm.registration.command.DomainClaimEvents.ConflictOrigin;
import dev.prm.registration.command.RegistrationCommands.AdvanceRegistrationClock;
import dev.prm.registration.command.RegistrationCommands.AssignDirectOwner;
import dev.prm.registration.command.RegistrationCommands.RecordEnrolment;
import dev.prm.registration.command.RegistrationCommands.RecordTierChange;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.command.RegistrationCommands.ResolveConflict;
import dev.prm.registration.command.RegistrationCommands.UnassignDirectOwner;
import dev.prm.registration.domain.ClaimTimeline.Claim;
import dev.prm.registration.domain.ClaimTimeline.Refusal;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.DomainName;
import dev.prm.registration.domain.Holding;
import dev.prm.registration.domain.RegistrationHistory.CapRefusal;
import dev.prm.registration.domain.RegistrationHistory.Decided;
import dev.prm.registration.domain.RegistrationHistory.GrantDecided;
import dev.prm.registration.domain.RegistrationHistory.RefusalDecided;
import dev.prm.registration.domain.RegistrationHistory.Span;
import dev.prm.registration.domain.RegistrationRules;
import dev.prm.registration.domain.RegistrationRules.ExtensionOutcome;
import dev.prm.registration.domain.RegistrationRules.RequestFacts;
import dev.prm.registration.domain.RegistrationRules.RequestOutcome;
import dev.prm.registration.domain.RejectionReason;
import dev.prm.registration.domain.Validity;

/**
 * Decides every registration command against the partner's stream and the domain's stream in one unit of
 * work, hence one transaction. Streams are loaded in one order, partner then domain, so waits between
 * concurrent writers are rarely circular; when they are, PostgreSQL breaks the cycle and the loser is retried.
 */
@Component
public class RegistrationCommandHandler {

    /** Partners whose decisions are being revised on this thread (a command is handled on one thread). */
    private static final ThreadLocal<Set<String>> REVISING = ThreadLocal.withInitial(HashSet::new);

    private final Repository<PartnerRegistrations> partners;
    private final Repository<DomainClaim> domains;
    private final RegistrationRules rules;
    /** Creates a domain's or partner's stream without a store read when the transaction read ahead that it has none. */
    private final AggregateVersionCheck versions;

    public RegistrationCommandHandler(Repository<PartnerRegistrations> partners, Repository<DomainClaim> domains,
                                      RegistrationRules rules, AggregateVersionCheck versions) {
        this.partners = partners;
        this.domains = domains;
        this.rules = rules;
        this.versions = versions;
    }

    /** R1, R3 (and R8 when direct sales holds the domain); B3 when the request is late. */
    @CommandHandler
    public RegistrationDecision handle(RequestRegistration command) {
        Instant at = command.at();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            return refuse(partner, command.domain(), RejectionReason.INVALID_DOMAIN, at, command.requestId());
        }
        Aggregate<DomainClaim> claim = domain(name.get());
        RegistrationDecision decision = decideRequest(partner, claim, name.get().value(), at, command.requestId());
        settle(claim, name.get().value());
        return decision;
    }

    /**
     * R3 at the request's own instant. A grant also revokes the registrations of the domain made after that instant
     * that it would have refused in time order (B3: a late request), and a refusal because another partner holds the
     * domain is kept on the domain, to be decided again if that registration turns out not to hold then.
     */
    private RegistrationDecision decideRequest(Aggregate<PartnerRegistrations> partner, Aggregate<DomainClaim> claim, String domain,
                                               Instant at, String requestId) {
        String partnerId = partner.identifierAsString();
        RequestFacts facts = new RequestFacts(true, claim.invoke(d -> d.directOwnerHoldsAt(at)),
                claim.invoke(d -> d.holderAt(at)), partnerId,
                partner.invoke(p -> p.activeAt(at)), partner.invoke(p -> p.capAt(at, rules)));
        return switch (RegistrationRules.decideRequest(facts)) {
            case RequestOutcome.Refuse(RejectionReason reason) when reason == RejectionReason.CHANNEL_CONFLICT -> {
                String conflictId = claim.invoke(d -> d.openConflict(conflictIdFor(requestId), partnerId,
                        d.directOwnerAt(at).orElseThrow(), ConflictOrigin.REQUEST, at));
                if (requestId != null) {
                    claim.execute(d -> d.recordChannelRefusal(partnerId, at, requestId, conflictId));
                }
                partner.execute(p -> p.reject(domain, reason, at, requestId));
                yield new Refused(reason, Optional.of(conflictId));
            }
            case RequestOutcome.Refuse(RejectionReason reason) when reason == RejectionReason.ALREADY_REGISTERED -> {
                claim.execute(d -> d.recordRefusal(partnerId, at, requestId));
                yield refuse(partner, domain, reason, at, requestId);
            }
            case RequestOutcome.Refuse(RejectionReason reason) -> refuse(partner, domain, reason, at, requestId);
            case RequestOutcome.AlreadyHeld held -> new AlreadyHeld(partner.invoke(p -> p.holdingAt(domain, at))
                    .orElseThrow(() -> new IllegalStateException(domain + " is claimed by " + partnerId + " at " + at
                            + " but not in its registrations")));
            case RequestOutcome.Accept accept -> {
                for (Claim later : claim.invoke(d -> d.preemptedByGrant(at, Validity.validUntil(at)))) {
                    revoke(later, claim, domain, RejectionReason.ALREADY_REGISTERED);
                }
                Holding granted = grant(partner, claim, domain, at, false, requestId);
                claim.execute(d -> d.yieldToEarlierRegistration(partnerId, at));
                Optional<Instant> releasedLater = partner.invoke(p -> p.heldBackRelease(domain, at));
                if (releasedLater.isPresent()) {
                    // the partner released it later, before this grant was made: time order ends it then (B3)
                    partner.execute(p -> p.release(domain, releasedLater.get(), rules));
                    claim.execute(d -> d.releaseClaim(partnerId, releasedLater.get()));
                }
                reviseCap(partner, at);
                yield new Granted(granted);
            }
        };
    }

    /** B3: revokes a registration time order would not have made, from its own instant, in both streams. */
    private void revoke(Claim revoked, Aggregate<DomainClaim> claim, String domain, RejectionReason reason) {
        Aggregate<PartnerRegistrations> holder = partner(revoked.partnerId(), revoked.registeredAt());
        holder.execute(p -> p.revoke(domain, revoked.registeredAt(), reason, rules));
        claim.execute(d -> d.revokeClaim(revoked.partnerId(), revoked.registeredAt(), reason));
        if (reason == RejectionReason.ALREADY_REGISTERED && revoked.requestId() != null) {
            // like a refusal: a late release of the registration that took its place lets it through again
            claim.execute(d -> d.recordRefusal(revoked.partnerId(), revoked.registeredAt(), revoked.requestId()));
        }
        reviseCap(holder, revoked.registeredAt());
    }

    /**
     * B3 for the cap: what the partner had in use from {@code from} on has changed (a late grant, a revocation, a late
     * release). Its grants by request and its refusals for the cap from then on are decided again in time order: a
     * grant that in time order found every slot in use is revoked ({@code CAP_REACHED}, and the domain's refusals are
     * decided again); a refusal that finds a slot free is decided again as a request at its instant. A revision that
     * reaches a partner already being revised is left to the sweep in progress, which checks each decision afresh.
     */
    private void reviseCap(Aggregate<PartnerRegistrations> partner, Instant from) {
        String partnerId = partner.identifierAsString();
        if (!REVISING.get().add(partnerId)) {
            return;
        }
        try {
            for (Decided decided : partner.invoke(p -> p.decidedFrom(from))) {
                if (!partner.invoke(p -> p.stillDecided(decided))) {
                    continue;
                }
                Instant at = decided.at();
                int inUse = partner.invoke(p -> p.activeAt(at));
                int cap = partner.invoke(p -> p.capAt(at, rules));
                switch (decided) {
                    case GrantDecided grant when inUse - 1 >= cap -> {
                        Span span = grant.span();
                        Aggregate<DomainClaim> claim = domain(DomainName.parse(span.domain()).orElseThrow());
                        revoke(new Claim(partnerId, at, span.endsAt(), span.requestId()), claim, span.domain(), RejectionReason.CAP_REACHED);
                        settle(claim, span.domain());
                    }
                    case RefusalDecided refused when inUse < cap -> {
                        CapRefusal refusal = refused.refusal();
                        Aggregate<DomainClaim> claim = domain(DomainName.parse(refusal.domain()).orElseThrow());
                        decideRequest(partner, claim, refusal.domain(), at, refusal.requestId());
                        settle(claim, refusal.domain());
                    }
                    default -> {
                        // time order decides it the same way
                    }
                }
            }
        } finally {
            REVISING.get().remove(partnerId);
        }
    }

    /**
     * B3: decides again, in time order, every request refused ALREADY_REGISTERED that no registration explains any
     * more (after a late release, a revocation). Each refusal is decided again once; a new grant may explain the next.
     */
    private void settle(Aggregate<DomainClaim> claim, String domain) {
        for (Optional<Refusal> next = claim.invoke(DomainClaim::firstUnexplainedRefusal); next.isPresent();
             next = claim.invoke(DomainClaim::firstUnexplainedRefusal)) {
            Refusal refusal = next.get();
            claim.execute(d -> d.redecided(refusal.requestId()));
            decideRequest(partner(refusal.partnerId(), refusal.at()), claim, domain, refusal.at(), refusal.requestId());
        }
    }

    /** R4. */
    @CommandHandler
    public ExtensionDecision handle(RequestExtension command) {
        Instant at = command.at();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            partner.execute(p -> p.reject(command.domain(), RejectionReason.INVALID_DOMAIN, at, null));
            return new ExtensionRefused(RejectionReason.INVALID_DOMAIN);
        }
        String domain = name.get().value();
        ExtensionOutcome outcome = RegistrationRules.decideExtension(partner.invoke(p -> p.holding(domain)), at,
                partner.invoke(p -> p.activeAt(at)), partner.invoke(p -> p.capAt(at, rules)));
        return switch (outcome) {
            case ExtensionOutcome.Refuse(RejectionReason reason) -> {
                partner.execute(p -> p.reject(domain, reason, at, null));
                yield new ExtensionRefused(reason);
            }
            case ExtensionOutcome.Extend(Instant validUntil) -> {
                Holding extended = partner.invoke(p -> p.extend(domain, validUntil, at));
                domain(name.get()).execute(d -> d.extendClaim(command.partnerId(), validUntil));
                yield new Extended(extended);
            }
        };
    }

    /** R5: releasing what the partner does not hold (any more) changes nothing. */
    @CommandHandler
    public boolean handle(ReleaseRegistration command) {
        Instant at = command.at();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            return false;
        }
        if (partner.invoke(p -> p.holding(name.get().value())).isEmpty()) {
            partner.execute(p -> p.holdBackRelease(name.get().value(), at));
            return false;
        }
        partner.execute(p -> p.release(name.get().value(), at, rules));
        Aggregate<DomainClaim> claim = domain(name.get());
        claim.execute(d -> d.releaseClaim(command.partnerId(), at));
        settle(claim, name.get().value());
        reviseCap(partner, at);
        return true;
    }

    @CommandHandler
    public void handle(RecordEnrolment command) {
        partner(command.partnerId(), command.at()).execute(p -> p.recordEnrolment(command.kind(), command.tier(), command.at(), rules));
    }

    @CommandHandler
    public void handle(RecordTierChange command) {
        partner(command.partnerId(), command.at()).execute(p -> p.recordTier(command.tier(), command.at(), rules));
    }

    @CommandHandler
    public void handle(AdvanceRegistrationClock command) {
        partner(command.partnerId(), command.now());
    }

    /**
     * R8: a direct owner does not take a domain a partner holds; a case is opened instead. B3: registrations made by
     * request after the assignment's instant (it arrived late) would have been refused CHANNEL_CONFLICT in time
     * order: each is revoked with that reason and the case its request would have opened is opened.
     */
    @CommandHandler
    public Optional<String> handle(AssignDirectOwner command) {
        DomainName name = DomainName.parse(command.domain())
                .orElseThrow(() -> new IllegalArgumentException("invalid domain '" + command.domain() + "'"));
        Aggregate<DomainClaim> claim = domain(name);
        Instant at = command.at();
        Optional<String> holder = claim.invoke(d -> d.holderAt(at));
        if (holder.isPresent()) {
            return Optional.of(claim.invoke(d -> d.openConflict(conflictIdFor(command.requestId()), holder.get(),
                    command.ownerId(), ConflictOrigin.ASSIGNMENT, at)));
        }
        List<Claim> preempted = claim.invoke(d -> d.preemptedByDirectOwner(at));
        claim.execute(d -> d.assignDirectOwner(command.ownerId(), at, command.requestId()));
        for (Claim later : preempted) {
            revoke(later, claim, name.value(), RejectionReason.CHANNEL_CONFLICT);
            String conflictId = claim.invoke(d -> d.openConflict(conflictIdFor(later.requestId()), later.partnerId(), command.ownerId(),
                    ConflictOrigin.REQUEST, later.registeredAt()));
            claim.execute(d -> d.recordChannelRefusal(later.partnerId(), later.registeredAt(), later.requestId(), conflictId));
        }
        settle(claim, name.value());
        return Optional.empty();
    }

    /**
     * R8. B3: requests refused CHANNEL_CONFLICT at instants direct sales turns out not to have owned the domain at (the
     * unassignment arrived late) are decided again in time order; the case each opened is closed in the partner's
     * favour (PARTNER) from its own instant, as time order would not have opened it.
     */
    @CommandHandler
    public void handle(UnassignDirectOwner command) {
        DomainName name = DomainName.parse(command.domain())
                .orElseThrow(() -> new IllegalArgumentException("invalid domain '" + command.domain() + "'"));
        Aggregate<DomainClaim> claim = domain(name);
        claim.execute(d -> d.unassignDirectOwner(command.at()));
        for (Optional<ChannelRefusal> next = claim.invoke(DomainClaim::firstUnexplainedChannelRefusal); next.isPresent();
             next = claim.invoke(DomainClaim::firstUnexplainedChannelRefusal)) {
            ChannelRefusal refusal = next.get();
            claim.execute(d -> d.redecided(refusal.requestId()));
            claim.invoke(d -> d.openConflict(refusal.conflictId())).filter(open -> open.partnerId().equals(refusal.partnerId()))
                    .ifPresent(open -> claim.execute(d -> d.resolveConflict(open, ConflictResolution.PARTNER, refusal.at())));
            decideRequest(partner(refusal.partnerId(), refusal.at()), claim, name.value(), refusal.at(), refusal.requestId());
        }
        settle(claim, name.value());
    }

    /**
     * R8. PARTNER: the partner holds the domain and direct sales lets it go. CO_SELL: both, the registration
     * marked co-sell. DIRECT: direct sales holds it; a registration the partner had is released. A grant
     * needs the domain free of other partners and a free slot; otherwise the case stays open.
     */
    @CommandHandler
    public ResolutionDecision handle(ResolveConflict command) {
        Instant at = command.at();
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            return new NotOpen();
        }
        String domain = name.get().value();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Aggregate<DomainClaim> claim = domain(name.get());
        Optional<OpenConflict> open = claim.invoke(d -> d.openConflict(command.conflictId()))
                .filter(conflict -> conflict.partnerId().equals(command.partnerId()));
        if (open.isEmpty()) {
            return new NotOpen();
        }
        OpenConflict conflict = open.get();
        Optional<String> holder = claim.invoke(d -> d.holderAt(at));
        boolean partnerHolds = holder.filter(command.partnerId()::equals).isPresent();
        ConflictResolution resolution = command.resolution();

        if (!resolution.grantsThePartner()) {
            claim.execute(d -> d.resolveConflict(conflict, resolution, at));
            if (partnerHolds) {
                partner.execute(p -> p.release(domain, at, rules));
                claim.execute(d -> d.releaseClaim(command.partnerId(), at));
            }
            claim.execute(d -> d.assignDirectOwner(conflict.directOwnerId(), at, null));
            return new Resolved(Optional.empty());
        }

        boolean coSell = resolution == ConflictResolution.CO_SELL;
        Holding registration;
        if (partnerHolds) {
            claim.execute(d -> d.resolveConflict(conflict, resolution, at));
            Holding held = partner.invoke(p -> p.holding(domain)).orElseThrow();
            registration = coSell && !held.coSell()
                    ? partner.invoke(p -> p.markCoSell(domain, conflict.conflictId(), at)) : held;
        } else {
            RequestOutcome outcome = RegistrationRules.decideGrant(holder, command.partnerId(),
                    partner.invoke(p -> p.activeAt(at)), partner.invoke(p -> p.capAt(at, rules)));
            if (outcome instanceof RequestOutcome.Refuse(RejectionReason reason)) {
                partner.execute(p -> p.reject(domain, reason, at, null));
                return new ResolutionRefused(reason);
            }
            claim.execute(d -> d.resolveConflict(conflict, resolution, at));
            registration = grant(partner, claim, domain, at, coSell, null);
        }
        if (coSell) {
            claim.execute(d -> d.assignDirectOwner(conflict.directOwnerId(), at, null));
        } else if (conflict.directOwnerId().equals(claim.invoke(DomainClaim::directOwnerId))) {
            claim.execute(d -> d.unassignDirectOwner(at));
        }
        return new Resolved(Optional.of(registration));
    }

    private Holding grant(Aggregate<PartnerRegistrations> partner, Aggregate<DomainClaim> claim, String domain, Instant at,
                          boolean coSell, String requestId) {
        Holding granted = partner.invoke(p -> p.grant(domain, at, coSell, requestId));
        claim.execute(d -> d.claim(partner.identifierAsString(), granted.registeredAt(), granted.validUntil(), requestId));
        return granted;
    }

    private static Refused refuse(Aggregate<PartnerRegistrations> partner, String domain, RejectionReason reason, Instant at,
                                  String requestId) {
        partner.execute(p -> p.reject(domain, reason, at, requestId));
        return new Refused(reason);
    }

    /** Loads (or starts, P1) the partner's stream and brings it up to the command's instant. */
    private Aggregate<PartnerRegistrations> partner(String partnerId, Instant at) {
        Aggregate<PartnerRegistrations> partner = loadOrCreate(partners, partnerId, () -> new PartnerRegistrations(partnerId));
        partner.execute(p -> p.catchUp(at, rules));
        return partner;
    }

    private Aggregate<DomainClaim> domain(DomainName name) {
        return loadOrCreate(domains, DomainClaim.idOf(name), () -> new DomainClaim(name));
    }

    private <T> Aggregate<T> loadOrCreate(Repository<T> repository, String id, Callable<T> factory) {
        try {
            return versions.loadOrCreate(repository, id, factory);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not load " + id, e);
        }
    }

    /** Conflict ids follow from the request that opened them, so a replay of the same inputs opens the same cases. */
    static String conflictIdFor(String requestId) {
        return UUID.nameUUIDFromBytes(("conflict:" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
