package dev.prm.registration.query;

import java.sql.Timestamp;
import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.projection.BatchedWrites;
import dev.prm.registration.command.DomainClaimEvents.ConflictOpened;
import dev.prm.registration.command.DomainClaimEvents.ConflictResolved;
import dev.prm.registration.command.PartnerEvents.CapDeadlinePassed;
import dev.prm.registration.command.PartnerEvents.CapExceeded;
import dev.prm.registration.command.PartnerEvents.CapRestored;
import dev.prm.registration.command.PartnerEvents.EnrolmentRecorded;
import dev.prm.registration.command.PartnerEvents.RegistrationExpired;
import dev.prm.registration.command.PartnerEvents.RegistrationExtended;
import dev.prm.registration.command.PartnerEvents.RegistrationGranted;
import dev.prm.registration.command.PartnerEvents.RegistrationMarkedCoSell;
import dev.prm.registration.command.PartnerEvents.RegistrationRejected;
import dev.prm.registration.command.PartnerEvents.RegistrationReleased;
import dev.prm.registration.command.PartnerEvents.RegistrationRevoked;
import dev.prm.registration.command.PartnerEvents.TierRecorded;

/**
 * Keeps the registration read models from the event store. Idempotent: a batch processed again after a
 * failure writes the same rows. Rows keep their instants, so every query answers for any asOf (B2).
 */
@Component
@ProcessingGroup("registrations")
class RegistrationProjection {

    private final JdbcTemplate jdbc;
    /** Written when each processing batch commits; the handlers only write. */
    private final BatchedWrites writes;

    RegistrationProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc, "registrations");
    }

    @EventHandler
    void on(EnrolmentRecorded event) {
        partnerSeen(event.partnerId(), event.at());
        writes.update("""
                insert into partner_kind (partner_id, effective_at, kind) values (?, ?, ?)
                on conflict (partner_id, effective_at) do update set kind = excluded.kind""",
                event.partnerId(), ts(event.at()), event.kind().name());
        if (event.tier() != null) {
            tier(event.partnerId(), event.at(), event.tier().name());
        }
    }

    @EventHandler
    void on(TierRecorded event) {
        partnerSeen(event.partnerId(), event.at());
        tier(event.partnerId(), event.at(), event.tier().name());
    }

    /**
     * A grant revoked and then granted again by a later revision (B3) is in effect again; its release, expiry or
     * extension, if any, follow again as events.
     */
    @EventHandler
    void on(RegistrationGranted event) {
        partnerSeen(event.partnerId(), event.at());
        writes.update("""
                insert into registration_view (partner_id, domain, registered_at, valid_until, co_sell_since)
                values (?, ?, ?, ?, ?) on conflict (partner_id, domain, registered_at) do update
                set valid_until = excluded.valid_until, co_sell_since = excluded.co_sell_since, revoked_at = null, revoked_reason = null,
                    released_at = null, expired_at = null, extended_until = null, extended_at = null
                where registration_view.revoked_at is not null""",
                event.partnerId(), event.domain(), ts(event.at()), ts(event.validUntil()), event.coSell() ? ts(event.at()) : null);
    }

    @EventHandler
    void on(RegistrationRejected event) {
        partnerSeen(event.partnerId(), event.at());
    }

    /** B3: REVOKED (and not active) from its registration instant; the row stays, as the partner was told of it. */
    @EventHandler
    void on(RegistrationRevoked event) {
        writes.update("update registration_view set revoked_at = ?, revoked_reason = ? where partner_id = ? and domain = ? and registered_at = ?",
                ts(event.at()), event.reason().name(), event.partnerId(), event.domain(), ts(event.registeredAt()));
    }

    @EventHandler
    void on(RegistrationExtended event) {
        writes.update("""
                update registration_view set extended_until = ?, extended_at = ?
                where partner_id = ? and domain = ? and released_at is null and expired_at is null""",
                ts(event.validUntil()), ts(event.at()), event.partnerId(), event.domain());
    }

    @EventHandler
    void on(RegistrationReleased event) {
        writes.update("""
                update registration_view set released_at = ?
                where partner_id = ? and domain = ? and released_at is null and expired_at is null and registered_at <= ?""",
                ts(event.at()), event.partnerId(), event.domain(), ts(event.at()));
    }

    @EventHandler
    void on(RegistrationExpired event) {
        writes.update("""
                update registration_view set expired_at = ?
                where partner_id = ? and domain = ? and released_at is null and coalesce(extended_until, valid_until) = ?""",
                ts(event.at()), event.partnerId(), event.domain(), ts(event.at()));
    }

    @EventHandler
    void on(RegistrationMarkedCoSell event) {
        writes.update("""
                update registration_view set co_sell_since = ?
                where partner_id = ? and domain = ? and released_at is null and expired_at is null and co_sell_since is null""",
                ts(event.at()), event.partnerId(), event.domain());
    }

    @EventHandler
    void on(CapExceeded event) {
        writes.update("""
                insert into over_cap_period (partner_id, since, cap, active, deadline) values (?, ?, ?, ?, ?)
                on conflict (partner_id, since) do nothing""",
                event.partnerId(), ts(event.at()), event.cap(), event.active(), ts(event.deadline()));
    }

    @EventHandler
    void on(CapDeadlinePassed event) {
        writes.update("update over_cap_period set deadline_passed_at = ? where partner_id = ? and restored_at is null and deadline = ?",
                ts(event.at()), event.partnerId(), ts(event.at()));
    }

    @EventHandler
    void on(CapRestored event) {
        writes.update("update over_cap_period set restored_at = ? where partner_id = ? and restored_at is null and since <= ?",
                ts(event.at()), event.partnerId(), ts(event.at()));
    }

    @EventHandler
    void on(ConflictOpened event) {
        writes.update("""
                insert into channel_conflict (conflict_id, partner_id, domain, direct_owner_id, origin, opened_at)
                values (?, ?, ?, ?, ?, ?) on conflict (conflict_id) do nothing""",
                event.conflictId(), event.partnerId(), event.domain(), event.directOwnerId(), event.origin().name(), ts(event.at()));
    }

    @EventHandler
    void on(ConflictResolved event) {
        writes.update("update channel_conflict set resolution = ?, resolved_at = ? where conflict_id = ?",
                event.resolution().name(), ts(event.at()), event.conflictId());
    }

    @ResetHandler
    void reset() {
        writes.flush();
        jdbc.update("truncate partner_view, partner_tier, partner_kind, registration_view, over_cap_period, channel_conflict");
    }

    private void partnerSeen(String partnerId, Instant at) {
        writes.once("""
                insert into partner_view (partner_id, first_seen) values (?, ?)
                on conflict (partner_id) do update set first_seen = least(partner_view.first_seen, excluded.first_seen)""",
                partnerId, ts(at));
    }

    private void tier(String partnerId, Instant at, String tier) {
        writes.update("""
                insert into partner_tier (partner_id, effective_at, tier) values (?, ?, ?)
                on conflict (partner_id, effective_at) do update set tier = excluded.tier""", partnerId, ts(at), tier);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
