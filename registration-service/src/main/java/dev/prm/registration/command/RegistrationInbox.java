package dev.prm.registration.command;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.registration.command.RegistrationCommands.AssignDirectOwner;
import dev.prm.registration.command.RegistrationCommands.RecordEnrolment;
import dev.prm.registration.command.RegistrationCommands.RecordTierChange;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.command.RegistrationCommands.UnassignDirectOwner;

/**
 * SPEC B3 for the facts that can conflict across partitions: two partners' requests for one domain (keyed by
 * partner), a request and a direct-sales fact about its domain (keyed by domain), and the tier and kind that set a
 * partner's cap (from tier-events and partners, which another service or partition may bring early). A fact dated after business time
 * is kept here and decided when business time reaches it; with every fact dated before a tick taken in before the
 * tick takes effect, they are then decided in the order of their effective times (ties: by Kafka key, then in the
 * order taken in, which is the partition's order for one key), never in the order their partitions were read.
 * A fact dated at or before business time has had its tick: it is decided at once, at its own instant.
 * Runs first among the listeners of a step, so expiries and deadlines up to the new time come after the facts.
 */
@Component
@Order(0)
public class RegistrationInbox implements BusinessTimeListener {

    /** What a held fact becomes when it is decided; at one instant, what sets the cap goes first (rank 0). */
    public enum Kind {
        TIER_CHANGE(0), ENROLMENT(0), REQUEST(1), EXTENSION(1), RELEASE(1), ASSIGN_OWNER(1), UNASSIGN_OWNER(1);

        private final int rank;

        Kind(int rank) {
            this.rank = rank;
        }
    }

    /** A fact about a partner (partnerId) or a domain's direct sales (domain, ownerId); tier and kind for cap facts. */
    public record Fact(Kind kind, String eventId, Instant at, String partnerId, String domain, String ownerId, Tier tier,
                       PartnerKind partnerKind) {

        public static Fact ofPartner(Kind kind, String eventId, Instant at, String partnerId, String domain) {
            return new Fact(kind, eventId, at, partnerId, domain, null, null, null);
        }

        public static Fact ofDomain(Kind kind, String eventId, Instant at, String domain, String ownerId) {
            return new Fact(kind, eventId, at, null, domain, ownerId, null, null);
        }

        public static Fact tierChange(String eventId, Instant at, String partnerId, Tier tier) {
            return new Fact(Kind.TIER_CHANGE, eventId, at, partnerId, null, null, tier, null);
        }

        public static Fact enrolment(String eventId, Instant at, String partnerId, PartnerKind kind, Tier tier) {
            return new Fact(Kind.ENROLMENT, eventId, at, partnerId, null, null, tier, kind);
        }

        String sortKey() {
            return partnerId != null ? partnerId : domain; // the Kafka key of SPEC §2
        }
    }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final BusinessClock clock;
    private final AggregateVersionCheck versions;

    RegistrationInbox(JdbcTemplate jdbc, CommandGateway commands, BusinessClock clock, AggregateVersionCheck versions) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.versions = versions;
    }


    /** In the ingestion transaction: decided now if business time has reached it, else kept until it does. */
    public void take(Fact fact) {
        if (!fact.at().isAfter(clock.now())) {
            decide(fact);
            return;
        }
        jdbc.update("""
                insert into registration_inbox (effective_at, rank, sort_key, type, event_id, partner_id, domain, owner_id,
                tier, partner_kind) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                Timestamp.from(fact.at()), fact.kind().rank, fact.sortKey(), fact.kind().name(), fact.eventId(),
                fact.partnerId(), fact.domain(), fact.ownerId(), fact.tier() == null ? null : fact.tier().name(),
                fact.partnerKind() == null ? null : fact.partnerKind().name());
    }

    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        List<Fact> due = jdbc.query("""
                select type, event_id, effective_at, partner_id, domain, owner_id, tier, partner_kind from registration_inbox
                where effective_at <= ? order by effective_at, rank, sort_key, seq""",
                (row, i) -> new Fact(Kind.valueOf(row.getString("type")), row.getString("event_id"),
                        row.getTimestamp("effective_at").toInstant(), row.getString("partner_id"), row.getString("domain"),
                        row.getString("owner_id"), row.getString("tier") == null ? null : Tier.valueOf(row.getString("tier")),
                        row.getString("partner_kind") == null ? null : PartnerKind.valueOf(row.getString("partner_kind"))),
                Timestamp.from(now));
        // the streams the facts decide for, read ahead in one query
        versions.prefetch(due.stream().flatMap(fact -> Stream.concat(Stream.ofNullable(fact.partnerId()),
                fact.domain() == null ? Stream.empty() : DomainClaim.streamOf(fact.domain()))).distinct().toList());
        for (Fact fact : due) {
            decide(fact);
        }
        if (!due.isEmpty()) {
            jdbc.update("delete from registration_inbox where effective_at <= ?", Timestamp.from(now));
        }
    }

    private void decide(Fact fact) {
        commands.sendAndWait(switch (fact.kind()) {
            case REQUEST -> new RequestRegistration(fact.partnerId(), fact.domain(), fact.at(), fact.eventId());
            case EXTENSION -> new RequestExtension(fact.partnerId(), fact.domain(), fact.at());
            case RELEASE -> new ReleaseRegistration(fact.partnerId(), fact.domain(), fact.at());
            case ASSIGN_OWNER -> new AssignDirectOwner(fact.domain(), fact.ownerId(), fact.at(), fact.eventId());
            case UNASSIGN_OWNER -> new UnassignDirectOwner(fact.domain(), fact.at());
            case TIER_CHANGE -> new RecordTierChange(fact.partnerId(), fact.tier(), fact.at());
            case ENROLMENT -> new RecordEnrolment(fact.partnerId(), fact.partnerKind(), fact.tier(), fact.at());
        });
    }
}
