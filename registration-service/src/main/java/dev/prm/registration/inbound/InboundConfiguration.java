package dev.prm.registration.inbound;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.DirectOwnerAssigned;
import dev.prm.contracts.crm.DirectOwnerUnassigned;
import dev.prm.contracts.crm.DomainRegistrationExtensionRequested;
import dev.prm.contracts.crm.DomainRegistrationReleased;
import dev.prm.contracts.crm.DomainRegistrationRequested;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.contracts.tier.TierChanged;
import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.platform.clock.TickPrecondition;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.registration.command.DomainClaim;
import dev.prm.registration.command.RegistrationInbox;
import dev.prm.registration.command.RegistrationInbox.Fact;
import dev.prm.registration.command.RegistrationInbox.Kind;
import dev.prm.registration.domain.DomainName;

/**
 * Maps inbound events to registration commands, the same commands REST sends, through {@link RegistrationInbox}, which
 * decides them in time order (SPEC B3). A partner's request with an invalid domain is
 * a decision (rejected INVALID_DOMAIN, R1); a direct-sales fact with one is bad input.
 */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(RegistrationInbox inbox, JdbcTemplate jdbc) {
        TierDecisionsAwaited tierDecisions = new TierDecisionsAwaited(jdbc);
        return new InboundHandlers()
                .on(TierEvents.TIER_DECISIONS_WATERMARK, TierDecisionsWatermark.class, (event, watermark) ->
                        tierDecisions.record(watermark))
                .on(CrmEvents.PARTNER_ENROLLED, PartnerEnrolled.class, (event, enrolled) ->
                        inbox.take(Fact.enrolment(event.id(), event.time(), enrolled.partnerId(), enrolled.kind(), enrolled.tier())))
                .on(TierEvents.TIER_CHANGED, TierChanged.class, (event, changed) ->
                        inbox.take(Fact.tierChange(event.id(), changed.effectiveAt(), changed.partnerId(), changed.to())))
                .on(CrmEvents.DOMAIN_REGISTRATION_REQUESTED, DomainRegistrationRequested.class,
                        request -> DomainClaim.streamOf(request.domain()), (event, request) ->
                        inbox.take(Fact.ofPartner(Kind.REQUEST, event.id(), event.time(), request.partnerId(), request.domain())))
                .on(CrmEvents.DOMAIN_REGISTRATION_EXTENSION_REQUESTED, DomainRegistrationExtensionRequested.class,
                        request -> DomainClaim.streamOf(request.domain()), (event, request) ->
                        inbox.take(Fact.ofPartner(Kind.EXTENSION, event.id(), event.time(), request.partnerId(), request.domain())))
                .on(CrmEvents.DOMAIN_REGISTRATION_RELEASE_REQUESTED, DomainRegistrationReleased.class,
                        release -> DomainClaim.streamOf(release.domain()), (event, release) ->
                        inbox.take(Fact.ofPartner(Kind.RELEASE, event.id(), event.time(), release.partnerId(), release.domain())))
                .on(CrmEvents.DIRECT_OWNER_ASSIGNED, DirectOwnerAssigned.class,
                        assigned -> DomainClaim.streamOf(assigned.domain()), (event, assigned) ->
                        inbox.take(Fact.ofDomain(Kind.ASSIGN_OWNER, event.id(), event.time(), validDomain(assigned.domain()),
                                assigned.ownerId())))
                .on(CrmEvents.DIRECT_OWNER_UNASSIGNED, DirectOwnerUnassigned.class,
                        unassigned -> DomainClaim.streamOf(unassigned.domain()), (event, unassigned) ->
                        inbox.take(Fact.ofDomain(Kind.UNASSIGN_OWNER, event.id(), event.time(), validDomain(unassigned.domain()), null)));
    }

    /** Event mode: ticks wait for tier-service's decisions at the same time (off when no tier-service runs). */
    @Bean
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event")
    @ConditionalOnBooleanProperty(name = "prm.registration.await-tier-decisions", matchIfMissing = true)
    TickPrecondition tierDecisionsAwaited(JdbcTemplate jdbc) {
        return new TierDecisionsAwaited(jdbc);
    }

    private static String validDomain(String domain) {
        return DomainName.parse(domain).map(DomainName::value).orElseThrow(() -> new InvalidEventException(
                InvalidEventException.Reason.INVALID_FIELD, "data.domain: '" + domain + "' is not a valid domain name"));
    }
}
