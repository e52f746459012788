package dev.prm.tier.inbound;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.contracts.crm.AccountManaged;
import dev.prm.contracts.crm.AccountReleased;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealChurned;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.contracts.registration.DomainRegistered;
import dev.prm.contracts.registration.DomainRegistrationExpired;
import dev.prm.contracts.registration.DomainRegistrationExtended;
import dev.prm.contracts.registration.DomainRegistrationReleased;
import dev.prm.contracts.registration.DomainRegistrationRevoked;
import dev.prm.contracts.registration.RegistrationCapExceeded;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.program.InboundFactRules;
import dev.prm.tier.command.RecordAccountManaged;
import dev.prm.tier.command.RecordAccountReleased;
import dev.prm.tier.command.RecordDealAmended;
import dev.prm.tier.command.RecordDealChurned;
import dev.prm.tier.command.RecordDealClosed;
import dev.prm.tier.command.RecordEnrolment;
import dev.prm.tier.query.RegistrationFacts;

/**
 * Maps upstream CRM events to tier-service commands; the CloudEvent's time is the fact's effective time. Whether a
 * fact is valid is decided by {@link InboundFactRules}, the same rule as every service that reads it (C2).
 * registration-service's registrations and over-cap periods are kept as published, for the policy what-if only.
 */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(CommandGateway commands, InboundFactRules rules, RegistrationFacts registrations) {
        return new InboundHandlers()
                .on(CrmEvents.PARTNER_ENROLLED, PartnerEnrolled.class, rules.checked((event, partner) ->
                        commands.sendAndWait(new RecordEnrolment(partner.partnerId(), partner.name(), partner.kind(),
                                partner.country(), partner.tier(), event.time()))))
                .on(CrmEvents.DEAL_CLOSED, DealClosed.class, rules.checked((event, deal) ->
                        commands.sendAndWait(new RecordDealClosed(deal.partnerId(), deal.dealId(), deal.customer().domain(),
                                deal.customer().country(), deal.mrr(), event.time()))))
                .on(CrmEvents.DEAL_AMENDED, DealAmended.class, rules.checked((event, deal) ->
                        commands.sendAndWait(new RecordDealAmended(deal.partnerId(), deal.dealId(), deal.mrr(), event.time()))))
                .on(CrmEvents.DEAL_CHURNED, DealChurned.class, rules.checked((event, deal) ->
                        commands.sendAndWait(new RecordDealChurned(deal.partnerId(), deal.dealId(), event.time()))))
                .on(CrmEvents.ACCOUNT_MANAGED, AccountManaged.class, rules.checked((event, account) ->
                        commands.sendAndWait(new RecordAccountManaged(account.partnerId(), account.accountId(),
                                account.customer().domain(), account.customer().country(), account.mrr(), event.time()))))
                .on(CrmEvents.ACCOUNT_RELEASED, AccountReleased.class, rules.checked((event, account) ->
                        commands.sendAndWait(new RecordAccountReleased(account.partnerId(), account.accountId(), event.time()))))
                // issue 18: registrations and over-cap periods as registration-service published them, for the what-if
                .on(RegistrationEvents.DOMAIN_REGISTERED, DomainRegistered.class, (event, registered) ->
                        registrations.registered(registered.partnerId(), registered.domain(), registered.registeredAt(),
                                registered.validUntil()))
                .on(RegistrationEvents.DOMAIN_REGISTRATION_EXTENDED, DomainRegistrationExtended.class, (event, extended) ->
                        registrations.extended(extended.partnerId(), extended.domain(), extended.validUntil()))
                .on(RegistrationEvents.DOMAIN_REGISTRATION_RELEASED, DomainRegistrationReleased.class, (event, released) ->
                        registrations.ended(released.partnerId(), released.domain(), released.releasedAt()))
                .on(RegistrationEvents.DOMAIN_REGISTRATION_EXPIRED, DomainRegistrationExpired.class, (event, expired) ->
                        registrations.ended(expired.partnerId(), expired.domain(), expired.expiredAt()))
                .on(RegistrationEvents.DOMAIN_REGISTRATION_REVOKED, DomainRegistrationRevoked.class, (event, revoked) ->
                        registrations.ended(revoked.partnerId(), revoked.domain(), revoked.effectiveAt()))
                .on(RegistrationEvents.REGISTRATION_CAP_EXCEEDED, RegistrationCapExceeded.class, (event, exceeded) ->
                        registrations.capExceeded(exceeded.partnerId(), exceeded.since(), exceeded.deadline()))
                .on(RegistrationEvents.REGISTRATION_CAP_RESTORED, RegistrationCapRestored.class, (event, restored) ->
                        registrations.capRestored(restored.partnerId(), restored.restoredAt()));
    }
}
