package dev.prm.tier.command;

import java.time.Instant;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.tier.domain.TierCalendar;

/**
 * B1, T7, T8: when business time passes month ends and re-evaluation days, every partner is evaluated, in
 * time order, inside the transaction that moves business time.
 */
@Component
class TierDecisionScheduler implements BusinessTimeListener {

    private final TierCalendar calendar;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final AggregateVersionCheck versions;

    TierDecisionScheduler(TierCalendar calendar, CommandGateway commands, JdbcTemplate jdbc, AggregateVersionCheck versions) {
        this.calendar = calendar;
        this.commands = commands;
        this.jdbc = jdbc;
        this.versions = versions;
    }

    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        List<TierCalendar.Decision> decisions = calendar.between(previous, now);
        if (decisions.isEmpty()) {
            return;
        }
        List<String> partners = partners();
        versions.prefetch(partners); // one query for the step's cached partners, not one each
        for (TierCalendar.Decision decision : decisions) {
            for (String partner : partners) {
                commands.sendAndWait(switch (decision.kind()) {
                    case MONTH_END -> new EvaluateMonth(partner, decision.at());
                    case REEVALUATION -> new Reevaluate(partner, decision.at());
                });
                if (decision.kind() == TierCalendar.Kind.MONTH_END) {
                    commands.sendAndWait(new AssessTierOutlook(partner, decision.at())); // issue 18: after the evaluation
                }
            }
        }
    }

    /** Every partner aggregate in the event store (committed ones: the same set on every replay of the ticks). */
    private List<String> partners() {
        return jdbc.queryForList(
                "select aggregateidentifier from domainevententry where sequencenumber = 0 order by aggregateidentifier",
                String.class);
    }
}
