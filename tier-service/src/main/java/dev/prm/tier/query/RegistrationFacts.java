package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Issue 18: registration-service's published registrations and over-cap periods (registration-events), kept for the
 * policy what-if. Written in the ingestion batch's transaction; every write is idempotent, as a batch may be applied
 * again. An end (release, expiry, B3 revocation) applies to the partner's latest registration of the domain made at
 * or before it, and only ever moves the end earlier.
 */
@Component
public class RegistrationFacts {

    private final JdbcTemplate jdbc;

    RegistrationFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void registered(String partnerId, String domain, Instant registeredAt, Instant validUntil) {
        jdbc.update("""
                insert into registration_fact (partner_id, domain, registered_at, valid_until) values (?, ?, ?, ?)
                on conflict (partner_id, domain, registered_at) do nothing""",
                partnerId, domain, Timestamp.from(registeredAt), Timestamp.from(validUntil));
    }

    public void extended(String partnerId, String domain, Instant validUntil) {
        jdbc.update("""
                update registration_fact set valid_until = ? where partner_id = ? and domain = ? and registered_at = (
                  select max(registered_at) from registration_fact where partner_id = ? and domain = ? and registered_at < ?)""",
                Timestamp.from(validUntil), partnerId, domain, partnerId, domain, Timestamp.from(validUntil));
    }

    /** Released, expired or revoked at {@code at}: not active from then on. */
    public void ended(String partnerId, String domain, Instant at) {
        jdbc.update("""
                update registration_fact set ended_at = least(coalesce(ended_at, ?), ?)
                where partner_id = ? and domain = ? and registered_at = (
                  select max(registered_at) from registration_fact where partner_id = ? and domain = ? and registered_at <= ?)""",
                Timestamp.from(at), Timestamp.from(at), partnerId, domain, partnerId, domain, Timestamp.from(at));
    }

    public void capExceeded(String partnerId, Instant since, Instant deadline) {
        jdbc.update("""
                insert into registration_over_cap (partner_id, since, deadline) values (?, ?, ?)
                on conflict (partner_id, since) do nothing""",
                partnerId, Timestamp.from(since), Timestamp.from(deadline));
    }

    /** Closes the partner's over-cap period open at {@code restoredAt} (the latest one that started at or before it). */
    public void capRestored(String partnerId, Instant restoredAt) {
        jdbc.update("""
                update registration_over_cap set restored_at = ? where partner_id = ? and restored_at is null and since = (
                  select max(since) from registration_over_cap where partner_id = ? and since <= ?)""",
                Timestamp.from(restoredAt), partnerId, partnerId, Timestamp.from(restoredAt));
    }
}
