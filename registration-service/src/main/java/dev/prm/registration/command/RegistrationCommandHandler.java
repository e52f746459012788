package dev.prm.registration.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

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
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.DomainName;
import dev.prm.registration.domain.Holding;
import dev.prm.registration.domain.RegistrationRules;
import dev.prm.registration.domain.RegistrationRules.ExtensionOutcome;
import dev.prm.registration.domain.RegistrationRules.RequestFacts;
import dev.prm.registration.domain.RegistrationRules.RequestOutcome;
import dev.prm.registration.domain.RejectionReason;

/**
 * Decides every registration command against the partner's stream and the domain's stream in one unit of
 * work, hence one transaction. Streams are loaded in one order, partner then domain, so waits between
 * concurrent writers are rarely circular; when they are, PostgreSQL breaks the cycle and the loser is retried.
 */
@Component
public class RegistrationCommandHandler {

    private final Repository<PartnerRegistrations> partners;
    private final Repository<DomainClaim> domains;
    private final RegistrationRules rules;

    public RegistrationCommandHandler(Repository<PartnerRegistrations> partners, Repository<DomainClaim> domains,
                                      RegistrationRules rules) {
        this.partners = partners;
        this.domains = domains;
        this.rules = rules;
    }

    /** R1, R3 (and R8 when direct sales holds the domain). */
    @CommandHandler
    public RegistrationDecision handle(RequestRegistration command) {
        Instant at = command.at();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            return refuse(partner, command.domain(), RejectionReason.INVALID_DOMAIN, at);
        }
        String domain = name.get().value();
        Aggregate<DomainClaim> claim = domain(name.get());
        RequestFacts facts = new RequestFacts(true, claim.invoke(d -> d.directOwnerHoldsAt(at)),
                claim.invoke(d -> d.holderAt(at)), command.partnerId(),
                partner.invoke(p -> p.activeAt(at)), partner.invoke(p -> p.capAt(at, rules)));
        return switch (RegistrationRules.decideRequest(facts)) {
            case RequestOutcome.Refuse(RejectionReason reason) when reason == RejectionReason.CHANNEL_CONFLICT -> {
                String conflictId = claim.invoke(d -> d.openConflict(conflictIdFor(command.requestId()), command.partnerId(),
                        d.directOwnerId(), ConflictOrigin.REQUEST, at));
                partner.execute(p -> p.reject(domain, reason, at));
                yield new Refused(reason, Optional.of(conflictId));
            }
            case RequestOutcome.Refuse(RejectionReason reason) -> refuse(partner, domain, reason, at);
            case RequestOutcome.AlreadyHeld held -> new AlreadyHeld(partner.invoke(p -> p.holdingAt(domain, at))
                    .orElseThrow(() -> new IllegalStateException(domain + " is claimed by " + command.partnerId() + " at " + at
                            + " but not in its registrations")));
            case RequestOutcome.Accept accept -> {
                Holding granted = grant(partner, claim, domain, at, false);
                claim.execute(d -> d.yieldToEarlierRegistration(command.partnerId(), at));
                yield new Granted(granted);
            }
        };
    }

    /** R4. */
    @CommandHandler
    public ExtensionDecision handle(RequestExtension command) {
        Instant at = command.at();
        Aggregate<PartnerRegistrations> partner = partner(command.partnerId(), at);
        Optional<DomainName> name = DomainName.parse(command.domain());
        if (name.isEmpty()) {
            partner.execute(p -> p.reject(command.domain(), RejectionReason.INVALID_DOMAIN, at));
            return new ExtensionRefused(RejectionReason.INVALID_DOMAIN);
        }
        String domain = name.get().value();
        ExtensionOutcome outcome = RegistrationRules.decideExtension(partner.invoke(p -> p.holding(domain)), at,
                partner.invoke(p -> p.activeAt(at)), partner.invoke(p -> p.capAt(at, rules)));
        return switch (outcome) {
            case ExtensionOutcome.Refuse(RejectionReason reason) -> {
                partner.execute(p -> p.reject(domain, reason, at));
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
        if (name.isEmpty() || partner.invoke(p -> p.holding(name.get().value())).isEmpty()) {
            return false;
        }
        partner.execute(p -> p.release(name.get().value(), at, rules));
        domain(name.get()).execute(d -> d.releaseClaim(command.partnerId(), at));
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

    /** R8: a direct owner does not take a domain a partner holds; a case is opened instead. */
    @CommandHandler
    public Optional<String> handle(AssignDirectOwner command) {
        DomainName name = DomainName.parse(command.domain())
                .orElseThrow(() -> new IllegalArgumentException("invalid domain '" + command.domain() + "'"));
        Aggregate<DomainClaim> claim = domain(name);
        Optional<String> holder = claim.invoke(d -> d.holderAtOrAfter(command.at()));
        if (holder.isPresent()) {
            return Optional.of(claim.invoke(d -> d.openConflict(conflictIdFor(command.requestId()), holder.get(),
                    command.ownerId(), ConflictOrigin.ASSIGNMENT, command.at())));
        }
        claim.execute(d -> d.assignDirectOwner(command.ownerId(), command.at(), command.requestId()));
        return Optional.empty();
    }

    @CommandHandler
    public void handle(UnassignDirectOwner command) {
        DomainName name = DomainName.parse(command.domain())
                .orElseThrow(() -> new IllegalArgumentException("invalid domain '" + command.domain() + "'"));
        domain(name).execute(d -> d.unassignDirectOwner(command.at()));
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
                partner.execute(p -> p.reject(domain, reason, at));
                return new ResolutionRefused(reason);
            }
            claim.execute(d -> d.resolveConflict(conflict, resolution, at));
            registration = grant(partner, claim, domain, at, coSell);
        }
        if (coSell) {
            claim.execute(d -> d.assignDirectOwner(conflict.directOwnerId(), at, null));
        } else if (conflict.directOwnerId().equals(claim.invoke(DomainClaim::directOwnerId))) {
            claim.execute(d -> d.unassignDirectOwner(at));
        }
        return new Resolved(Optional.of(registration));
    }

    private Holding grant(Aggregate<PartnerRegistrations> partner, Aggregate<DomainClaim> claim, String domain, Instant at,
                          boolean coSell) {
        Holding granted = partner.invoke(p -> p.grant(domain, at, coSell));
        claim.execute(d -> d.claim(partner.identifierAsString(), granted.registeredAt(), granted.validUntil()));
        return granted;
    }

    private static Refused refuse(Aggregate<PartnerRegistrations> partner, String domain, RejectionReason reason, Instant at) {
        partner.execute(p -> p.reject(domain, reason, at));
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

    private static <T> Aggregate<T> loadOrCreate(Repository<T> repository, String id, Callable<T> factory) {
        try {
            return repository.loadOrCreate(id, factory);
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
