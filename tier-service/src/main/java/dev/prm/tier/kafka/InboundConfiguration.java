package dev.prm.tier.kafka;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.contracts.EventType;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.inbound.DealClosed;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.tier.command.RecordDealClosed;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.UnknownCurrencyException;

/** Maps upstream CRM events to tier-service commands. */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(CommandGateway commands, PointsPolicy policy) {
        return new InboundHandlers()
                .on(EventType.DEAL_CLOSED, DealClosed.class, (event, deal) -> {
                    requireKnownCurrency(policy, deal.mrr().currency(), event.time());
                    commands.sendAndWait(new RecordDealClosed(deal.partnerId(), deal.dealId(), deal.customer().domain(),
                            deal.customer().country(), deal.mrr(), event.time()));
                });
    }

    /** T2: a currency missing from the table in force at the fact's time is bad input (dead-lettered). */
    private static void requireKnownCurrency(PointsPolicy policy, String currency, java.time.Instant at) {
        try {
            policy.requireKnownCurrency(currency, at);
        } catch (UnknownCurrencyException e) {
            throw new InvalidEventException(InvalidEventException.Reason.UNKNOWN_CURRENCY, e.getMessage());
        }
    }
}
