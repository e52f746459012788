package dev.prm.commission.command;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.tx.AfterCommit;

/**
 * The partners business time must reach (command side, written in the ingestion transaction, never rebuilt
 * from projections): every partner is settled at each month end; a partner waiting for a hold release is
 * woken when business time reaches it, month end or not.
 */
@Component
public class PartnerSchedule {

    private final JdbcTemplate jdbc;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    PartnerSchedule(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows are never deleted: a partner once committed here needs no round trip again. */
    public void register(String partnerId) {
        if (registered.contains(partnerId)) {
            return;
        }
        jdbc.update("insert into commission_schedule (partner_id) values (?) on conflict (partner_id) do nothing", partnerId);
        AfterCommit.run(() -> registered.add(partnerId));
    }

    /** Business time reaching {@code at} must settle this partner, even between month ends. */
    public void wakeAt(String partnerId, Instant at) {
        jdbc.update("""
                insert into commission_schedule (partner_id, wake_at) values (?, ?)
                on conflict (partner_id) do update
                set wake_at = least(coalesce(commission_schedule.wake_at, excluded.wake_at), excluded.wake_at)""",
                partnerId, Timestamp.from(at));
    }

    public List<String> everyPartner() {
        return jdbc.queryForList("select partner_id from commission_schedule order by partner_id", String.class);
    }

    /** Partners to wake at {@code now}; their wake-up is consumed. */
    public List<String> takeWakeUpsDueBy(Instant now) {
        return jdbc.queryForList("""
                update commission_schedule set wake_at = null where wake_at <= ?
                returning partner_id""", String.class, Timestamp.from(now)).stream().sorted().toList();
    }
}
