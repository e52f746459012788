package dev.prm.registration.command;

import java.sql.Timestamp;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.registration.command.PartnerEvents.CapDeadlinePassed;
import dev.prm.registration.command.PartnerEvents.CapExceeded;
import dev.prm.registration.command.PartnerEvents.CapRestored;
import dev.prm.registration.command.PartnerEvents.RegistrationExpired;
import dev.prm.registration.command.PartnerEvents.RegistrationExtended;
import dev.prm.registration.command.PartnerEvents.RegistrationGranted;
import dev.prm.registration.command.PartnerEvents.RegistrationReleased;

/**
 * Keeps {@code registration_timer}: the instants at which business time must act on a partner (an expiry,
 * an over-cap deadline). A subscribing processor, so each timer commits with the decision that set it.
 */
@Component
@ProcessingGroup(RegistrationTimers.PROCESSING_GROUP)
public class RegistrationTimers {

    public static final String PROCESSING_GROUP = "registration-timers";
    static final String DEADLINE = "cap-deadline";
    static final String REGISTRATION_PREFIX = "registration:";

    private final JdbcTemplate jdbc;

    RegistrationTimers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RegistrationGranted event) {
        set(event.partnerId(), REGISTRATION_PREFIX + event.domain(), event.validUntil());
    }

    @EventHandler
    void on(RegistrationExtended event) {
        set(event.partnerId(), REGISTRATION_PREFIX + event.domain(), event.validUntil());
    }

    @EventHandler
    void on(RegistrationReleased event) {
        clear(event.partnerId(), REGISTRATION_PREFIX + event.domain());
    }

    @EventHandler
    void on(RegistrationExpired event) {
        clear(event.partnerId(), REGISTRATION_PREFIX + event.domain());
    }

    @EventHandler
    void on(CapExceeded event) {
        set(event.partnerId(), DEADLINE, event.deadline());
    }

    @EventHandler
    void on(CapDeadlinePassed event) {
        clear(event.partnerId(), DEADLINE);
    }

    @EventHandler
    void on(CapRestored event) {
        clear(event.partnerId(), DEADLINE);
    }

    private void set(String partnerId, String subject, java.time.Instant dueAt) {
        jdbc.update("""
                insert into registration_timer (partner_id, subject, due_at) values (?, ?, ?)
                on conflict (partner_id, subject) do update set due_at = excluded.due_at""",
                partnerId, subject, Timestamp.from(dueAt));
    }

    private void clear(String partnerId, String subject) {
        jdbc.update("delete from registration_timer where partner_id = ? and subject = ?", partnerId, subject);
    }
}
