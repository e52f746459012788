package dev.prm.registration.command;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.registration.command.RegistrationCommands.AdvanceRegistrationClock;
import dev.prm.registration.domain.RegistrationRules;

/**
 * Business time moved (a TimePassed tick, or the wall-clock ticker): every partner with an expiry or a
 * deadline due, and every partner holding registrations when a new cap table takes effect, catches up to
 * the new time, inside the transaction that records it.
 */
@Component
@Order(1) // after RegistrationInbox: the facts up to the new time first, then what time itself brings
class RegistrationClock implements BusinessTimeListener {

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final RegistrationRules rules;

    RegistrationClock(JdbcTemplate jdbc, CommandGateway commands, RegistrationRules rules) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.rules = rules;
    }

    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        Set<String> due = new TreeSet<>(jdbc.queryForList(
                "select distinct partner_id from registration_timer where due_at <= ?", String.class, Timestamp.from(now)));
        if (rules.caps().firstEffectiveIn(previous == null ? Instant.MIN : previous, now).isPresent()) {
            due.addAll(jdbc.queryForList("select distinct partner_id from registration_timer where subject like ?",
                    String.class, RegistrationTimers.REGISTRATION_PREFIX + "%"));
        }
        for (String partnerId : due) {
            commands.sendAndWait(new AdvanceRegistrationClock(partnerId, now));
        }
    }
}
