package dev.prm.commission.command;

import java.time.Instant;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import dev.prm.commission.domain.MonthEnds;
import dev.prm.platform.clock.BusinessTimeListener;

/**
 * Acts on business time (B1), inside the transaction that records it: when a step crosses one or more month
 * ends, every partner is settled up to the new time, which accrues each month end crossed, oldest first
 * (a tick may jump several months). Between month ends only partners with a hold release due are woken.
 */
@Component
class MonthEndSettlement implements BusinessTimeListener {

    private final CommandGateway commands;
    private final PartnerSchedule schedule;
    private final BusinessTimeWatermark watermark;

    MonthEndSettlement(CommandGateway commands, PartnerSchedule schedule, BusinessTimeWatermark watermark) {
        this.commands = commands;
        this.schedule = schedule;
        this.watermark = watermark;
    }

    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        watermark.lockForStep();
        boolean monthEndCrossed = previous == null || !MonthEnds.nextAfter(previous).isAfter(now);
        List<String> wakeUps = schedule.takeWakeUpsDueBy(now);
        List<String> partners = monthEndCrossed ? schedule.everyPartner() : wakeUps;
        for (String partnerId : partners) {
            commands.sendAndWait(new SettleCommissions(partnerId, now));
        }
    }
}
