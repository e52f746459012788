package dev.prm.registration.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.registration.domain.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The program view of registration-service:
 * <ul>
 * <li>{@code prm_registration_decisions_total{decision,reason}}: {@code registered} (reason {@code NONE}) and
 * {@code rejected} per R3/R4 reason, as published on registration-events; every pair counted from 0;</li>
 * <li>{@code prm_partners_over_cap{deadline_passed}}: partners over cap now (R6), split by whether their
 * compliance deadline has passed (R7: their commissions are held);</li>
 * <li>{@code prm_registrations_active}: registrations neither released nor expired;</li>
 * <li>{@code prm_channel_conflicts_open}: R8 cases waiting for a partner manager.</li>
 * </ul>
 * The gauges are read from the read models in the background ({@link BusinessGauges}).
 */
@Component
public class RegistrationBusinessMetrics {

    public static final String REGISTERED = "registered";
    public static final String REJECTED = "rejected";

    private final Map<String, Counter> decisions = new LinkedHashMap<>();
    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;

    public RegistrationBusinessMetrics(JdbcTemplate jdbc, MeterRegistry registry, BusinessGauges gauges) {
        this.jdbc = jdbc;
        this.registry = registry;
        decision(REGISTERED, "NONE");
        for (RejectionReason reason : RejectionReason.values()) {
            decision(REJECTED, reason.name());
        }
        gauges.register("prm.partners.over.cap", "Partners over their registration cap (R6)", this::overCap);
        gauges.register("prm.registrations.active", "Registrations neither released nor expired",
                () -> Map.of(Tags.empty(), count("select count(*) from registration_view where released_at is null and expired_at is null and revoked_at is null")));
        gauges.register("prm.channel.conflicts.open", "Channel conflict cases not resolved yet (R8)",
                () -> Map.of(Tags.empty(), count("select count(*) from channel_conflict where resolution is null")));
    }

    /** Counts one published grant. */
    public void registered() {
        decision(REGISTERED, "NONE").increment();
    }

    /** Counts one published refusal. */
    public void rejected(RejectionReason reason) {
        decision(REJECTED, reason.name()).increment();
    }

    private synchronized Counter decision(String decision, String reason) {
        return decisions.computeIfAbsent(decision + "/" + reason, key -> Counter.builder("prm.registration.decisions")
                .description("Registration decisions published on registration-events")
                .tags("decision", decision, "reason", reason)
                .register(registry));
    }

    Map<Tags, Long> overCap() {
        Map<Tags, Long> rows = new LinkedHashMap<>();
        rows.put(Tags.of("deadline_passed", "false"), 0L);
        rows.put(Tags.of("deadline_passed", "true"), 0L);
        jdbc.query("""
                select deadline_passed_at is not null as passed, count(distinct partner_id) as partners
                from over_cap_period where restored_at is null group by 1""",
                row -> {
                    rows.put(Tags.of("deadline_passed", String.valueOf(row.getBoolean("passed"))), row.getLong("partners"));
                });
        return rows;
    }

    private long count(String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }
}
