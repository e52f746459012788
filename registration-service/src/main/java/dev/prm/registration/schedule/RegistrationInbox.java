package dev.prm.registration.schedule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.registration.command.RegistrationCommands.AssignDirectOwner;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.command.RegistrationCommands.UnassignDirectOwner;

/**
 * SPEC B3 for the facts that can conflict across partitions: two partners' requests for one domain (keyed by
 * partner), a request and a direct-sales fact about its domain (keyed by domain). A fact dated after business time
 * is kept here and decided when business time reaches it; with every fact dated before a tick taken in before the
 * tick takes effect, they are then decided in the order of their effective times (ties: by Kafka key, then in the
 * order taken in, which is the partition's order for one key), never in the order their partitions were read.
 * A fact dated at or before business time has had its tick: it is decided at once, at its own instant.
 * Runs first among the listeners of a step, so expiries and deadlines up to the new time come after the facts.
 */
@Component
@Order(0)
public class RegistrationInbox implements BusinessTimeListener {

    /** What a held fact becomes when it is decided. */
    public enum Kind {
        REQUEST, EXTENSION, RELEASE, ASSIGN_OWNER, UNASSIGN_OWNER
    }

    /** A fact of the domain-registration topic: partner facts carry a partner, direct-sales facts an owner (assignments). */
    public record Fact(Kind kind, String eventId, Instant at, String partnerId, String domain, String ownerId) {

        String sortKey() {
            return partnerId != null ? partnerId : domain; // the Kafka key of SPEC §2
        }
    }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final BusinessClock clock;

    RegistrationInbox(JdbcTemplate jdbc, CommandGateway commands, BusinessClock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    /** In the ingestion transaction: decided now if business time has reached it, else kept until it does. */
    public void take(Fact fact) {
        if (!fact.at().isAfter(clock.now())) {
            decide(fact);
            return;
        }
        jdbc.update("""
                insert into registration_inbox (effective_at, sort_key, type, event_id, partner_id, domain, owner_id)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                Timestamp.from(fact.at()), fact.sortKey(), fact.kind().name(), fact.eventId(), fact.partnerId(),
                fact.domain(), fact.ownerId());
    }

    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        List<Fact> due = jdbc.query("""
                select type, event_id, effective_at, partner_id, domain, owner_id from registration_inbox
                where effective_at <= ? order by effective_at, sort_key, seq""",
                (row, i) -> new Fact(Kind.valueOf(row.getString("type")), row.getString("event_id"),
                        row.getTimestamp("effective_at").toInstant(), row.getString("partner_id"), row.getString("domain"),
                        row.getString("owner_id")),
                Timestamp.from(now));
        for (Fact fact : due) {
            decide(fact);
        }
        if (!due.isEmpty()) {
            jdbc.update("delete from registration_inbox where effective_at <= ?", Timestamp.from(now));
        }
    }

    /** How many facts wait for business time (a gauge). */
    public int waiting() {
        Integer count = jdbc.queryForObject("select count(*) from registration_inbox", Integer.class);
        return count == null ? 0 : count;
    }

    private void decide(Fact fact) {
        commands.sendAndWait(switch (fact.kind()) {
            case REQUEST -> new RequestRegistration(fact.partnerId(), fact.domain(), fact.at(), fact.eventId());
            case EXTENSION -> new RequestExtension(fact.partnerId(), fact.domain(), fact.at());
            case RELEASE -> new ReleaseRegistration(fact.partnerId(), fact.domain(), fact.at());
            case ASSIGN_OWNER -> new AssignDirectOwner(fact.domain(), fact.ownerId(), fact.at(), fact.eventId());
            case UNASSIGN_OWNER -> new UnassignDirectOwner(fact.domain(), fact.at());
        });
    }
}
