package dev.prm.commission.inbound;

import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.commission.command.BusinessTimeWatermark;
import dev.prm.commission.command.PartnerSchedule;
import dev.prm.commission.command.RecordCapDeadlinePassed;
import dev.prm.commission.command.RecordCapExceeded;
import dev.prm.commission.command.RecordCapRestored;
import dev.prm.commission.command.RecordDealAmended;
import dev.prm.commission.command.RecordDealChurned;
import dev.prm.commission.command.RecordDealClosed;
import dev.prm.commission.command.RecordEnrolment;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealChurned;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.contracts.registration.RegistrationCapDeadlinePassed;
import dev.prm.contracts.registration.RegistrationCapExceeded;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.program.InboundFactRules;

/**
 * Maps the upstream CRM's events and registration-service's cap events to commission commands. Facts keep
 * their effective times: a deal's close, amendment and churn at the CloudEvent's time; a hold from the
 * deadline and to the restoration the cap events carry.
 * <p>
 * Whether a fact is valid is decided by {@link InboundFactRules}, the same rule as every service that reads it (C2);
 * nothing here refuses a fact the rule accepts.
 * <p>
 * Every handler first reads business time with its shared lock, before writing anything, so a batch and a
 * step of business time (which settles every partner) never run interleaved.
 */
@Configuration
class InboundConfiguration {

    @Bean
    InboundHandlers inboundHandlers(CommandGateway commands, PartnerSchedule schedule, BusinessTimeWatermark businessTime,
                                    InboundFactRules rules) {
        return new InboundHandlers()
                .on(CrmEvents.PARTNER_ENROLLED, PartnerEnrolled.class, rules.checked((event, enrolment) -> {
                    Instant now = businessTime.current();
                    schedule.register(enrolment.partnerId());
                    commands.sendAndWait(new RecordEnrolment(enrolment.partnerId(), enrolment.kind(), event.time(), now));
                }))
                .on(CrmEvents.DEAL_CLOSED, DealClosed.class, rules.checked((event, deal) -> {
                    Instant now = businessTime.current();
                    schedule.register(deal.partnerId());
                    commands.sendAndWait(new RecordDealClosed(deal.partnerId(), deal.dealId(), deal.mrr(), event.time(), now));
                }))
                .on(CrmEvents.DEAL_AMENDED, DealAmended.class, rules.checked((event, amendment) -> {
                    Instant now = businessTime.current();
                    schedule.register(amendment.partnerId());
                    commands.sendAndWait(new RecordDealAmended(amendment.partnerId(), amendment.dealId(), amendment.mrr(),
                            event.time(), now));
                }))
                .on(CrmEvents.DEAL_CHURNED, DealChurned.class, rules.checked((event, churn) -> {
                    Instant now = businessTime.current();
                    schedule.register(churn.partnerId());
                    commands.sendAndWait(new RecordDealChurned(churn.partnerId(), churn.dealId(), event.time(), now));
                }))
                .on(RegistrationEvents.REGISTRATION_CAP_EXCEEDED, RegistrationCapExceeded.class, rules.checked((event, exceeded) -> {
                    businessTime.current();
                    schedule.register(exceeded.partnerId());
                    commands.sendAndWait(new RecordCapExceeded(exceeded.partnerId(), exceeded.since(), exceeded.deadline()));
                }))
                .on(RegistrationEvents.REGISTRATION_CAP_DEADLINE_PASSED, RegistrationCapDeadlinePassed.class, rules.checked((event, passed) -> {
                    Instant now = businessTime.current();
                    schedule.register(passed.partnerId());
                    commands.sendAndWait(new RecordCapDeadlinePassed(passed.partnerId(), passed.deadline(), now));
                }))
                .on(RegistrationEvents.REGISTRATION_CAP_RESTORED, RegistrationCapRestored.class, rules.checked((event, restored) -> {
                    Instant now = businessTime.current();
                    schedule.register(restored.partnerId());
                    if (now == null || now.isBefore(restored.restoredAt())) {
                        schedule.wakeAt(restored.partnerId(), restored.restoredAt()); // the release is due then
                    }
                    commands.sendAndWait(new RecordCapRestored(restored.partnerId(), restored.restoredAt(), now));
                }));
    }
}
