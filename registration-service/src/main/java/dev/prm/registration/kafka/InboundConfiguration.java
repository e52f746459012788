package dev.prm.registration.kafka;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.contracts.EventType;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.inbound.DirectOwnerAssigned;
import dev.prm.contracts.inbound.DirectOwnerUnassigned;
import dev.prm.contracts.inbound.DomainRegistrationExtensionRequested;
import dev.prm.contracts.inbound.DomainRegistrationReleased;
import dev.prm.contracts.inbound.DomainRegistrationRequested;
import dev.prm.contracts.inbound.PartnerEnrolled;
import dev.prm.contracts.outbound.TierChanged;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.registration.command.RegistrationCommands.AssignDirectOwner;
import dev.prm.registration.command.RegistrationCommands.RecordEnrolment;
import dev.prm.registration.command.RegistrationCommands.RecordTierChange;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.command.RegistrationCommands.UnassignDirectOwner;
import dev.prm.registration.domain.DomainName;

/**
 * Maps inbound events to registration commands, the same commands REST sends. A partner's request with an
 * invalid domain is a decision (rejected INVALID_DOMAIN, R1); a direct-sales fact with one is bad input.
 */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(CommandGateway commands) {
        return new InboundHandlers()
                .on(EventType.PARTNER_ENROLLED, PartnerEnrolled.class, (event, enrolled) ->
                        commands.sendAndWait(new RecordEnrolment(enrolled.partnerId(), enrolled.kind(), enrolled.tier(), event.time())))
                .on(EventType.TIER_CHANGED, TierChanged.class, (event, changed) ->
                        commands.sendAndWait(new RecordTierChange(changed.partnerId(), changed.to(), changed.effectiveAt())))
                .on(EventType.DOMAIN_REGISTRATION_REQUESTED, DomainRegistrationRequested.class, (event, request) ->
                        commands.sendAndWait(new RequestRegistration(request.partnerId(), request.domain(), event.time(), event.id())))
                .on(EventType.DOMAIN_REGISTRATION_EXTENSION_REQUESTED, DomainRegistrationExtensionRequested.class, (event, request) ->
                        commands.sendAndWait(new RequestExtension(request.partnerId(), request.domain(), event.time())))
                .on(EventType.DOMAIN_REGISTRATION_RELEASE_REQUESTED, DomainRegistrationReleased.class, (event, release) ->
                        commands.sendAndWait(new ReleaseRegistration(release.partnerId(), release.domain(), event.time())))
                .on(EventType.DIRECT_OWNER_ASSIGNED, DirectOwnerAssigned.class, (event, assigned) ->
                        commands.sendAndWait(new AssignDirectOwner(validDomain(assigned.domain()), assigned.ownerId(), event.time(), event.id())))
                .on(EventType.DIRECT_OWNER_UNASSIGNED, DirectOwnerUnassigned.class, (event, unassigned) ->
                        commands.sendAndWait(new UnassignDirectOwner(validDomain(unassigned.domain()), event.time())));
    }

    private static String validDomain(String domain) {
        return DomainName.parse(domain).map(DomainName::value).orElseThrow(() -> new InvalidEventException(
                InvalidEventException.Reason.INVALID_FIELD, "data.domain: '" + domain + "' is not a valid domain name"));
    }
}
