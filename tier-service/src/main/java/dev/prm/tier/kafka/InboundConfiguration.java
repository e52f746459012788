package dev.prm.tier.kafka;

import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.contracts.EventType;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.Money;
import dev.prm.contracts.inbound.AccountManaged;
import dev.prm.contracts.inbound.AccountReleased;
import dev.prm.contracts.inbound.DealAmended;
import dev.prm.contracts.inbound.DealChurned;
import dev.prm.contracts.inbound.DealClosed;
import dev.prm.contracts.inbound.PartnerEnrolled;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.tier.command.AmendDeal;
import dev.prm.tier.command.ChurnDeal;
import dev.prm.tier.command.EnrollPartner;
import dev.prm.tier.command.ManageAccount;
import dev.prm.tier.command.RecordDealClosed;
import dev.prm.tier.command.ReleaseAccount;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.UnknownCurrencyException;

/** Maps upstream CRM events to tier-service commands; the CloudEvent's time is the fact's effective time. */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(CommandGateway commands, PointsPolicy policy) {
        return new InboundHandlers()
                .on(EventType.PARTNER_ENROLLED, PartnerEnrolled.class, (event, partner) ->
                        commands.sendAndWait(new EnrollPartner(partner.partnerId(), partner.name(), partner.kind(),
                                partner.country(), partner.tier(), event.time())))
                .on(EventType.DEAL_CLOSED, DealClosed.class, (event, deal) -> {
                    requireKnownCurrency(policy, deal.mrr(), event.time());
                    commands.sendAndWait(new RecordDealClosed(deal.partnerId(), deal.dealId(), deal.customer().domain(),
                            deal.customer().country(), deal.mrr(), event.time()));
                })
                .on(EventType.DEAL_AMENDED, DealAmended.class, (event, deal) -> {
                    requireKnownCurrency(policy, deal.mrr(), event.time());
                    commands.sendAndWait(new AmendDeal(deal.partnerId(), deal.dealId(), deal.mrr(), event.time()));
                })
                .on(EventType.DEAL_CHURNED, DealChurned.class, (event, deal) ->
                        commands.sendAndWait(new ChurnDeal(deal.partnerId(), deal.dealId(), event.time())))
                .on(EventType.ACCOUNT_MANAGED, AccountManaged.class, (event, account) -> {
                    requireKnownCurrency(policy, account.mrr(), event.time());
                    commands.sendAndWait(new ManageAccount(account.partnerId(), account.accountId(),
                            account.customer().domain(), account.customer().country(), account.mrr(), event.time()));
                })
                .on(EventType.ACCOUNT_RELEASED, AccountReleased.class, (event, account) ->
                        commands.sendAndWait(new ReleaseAccount(account.partnerId(), account.accountId(), event.time())));
    }

    /** T2: a currency missing from the table in force at the fact's time is bad input (dead-lettered). */
    private static void requireKnownCurrency(PointsPolicy policy, Money mrr, Instant at) {
        try {
            policy.requireKnownCurrency(mrr.currency(), at);
        } catch (UnknownCurrencyException e) {
            throw new InvalidEventException(InvalidEventException.Reason.UNKNOWN_CURRENCY, e.getMessage());
        }
    }
}
