package dev.prm.commission.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.commission.command.CapDeadlinePassedRecorded;
import dev.prm.commission.command.CapExceededRecorded;
import dev.prm.commission.command.CapRestoredRecorded;
import dev.prm.commission.command.CommissionEntryRecorded;
import dev.prm.commission.command.CommissionsSettled;
import dev.prm.commission.command.DealAmendmentRecorded;
import dev.prm.commission.command.DealChurnRecorded;
import dev.prm.commission.command.DealRecorded;
import dev.prm.commission.command.HoldPlaced;
import dev.prm.commission.command.HoldReleased;
import dev.prm.commission.command.PartnerKindRecorded;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;
import dev.prm.platform.projection.BatchedWrites;

/**
 * Keeps the commission read model from the event store. Idempotent: a batch processed again after a
 * failure writes the same rows (entries are keyed by their stored event's id).
 */
@Component
@ProcessingGroup(CommissionProjection.PROCESSING_GROUP)
class CommissionProjection {

    static final String PROCESSING_GROUP = "commissions";

    private final JdbcTemplate jdbc;
    /** Written when each processing batch commits; the handlers only write. */
    private final BatchedWrites writes;

    CommissionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writes = new BatchedWrites(jdbc, "commissions");
    }

    @EventHandler
    void on(DealRecorded event) {
        knowPartner(event.partnerId());
    }

    @EventHandler
    void on(DealAmendmentRecorded event) {
        knowPartner(event.partnerId());
    }

    @EventHandler
    void on(DealChurnRecorded event) {
        knowPartner(event.partnerId());
    }

    @EventHandler
    void on(CapDeadlinePassedRecorded event) {
        knowPartner(event.partnerId());
    }

    @EventHandler
    void on(PartnerKindRecorded event) {
        writes.update("""
                insert into commission_partner (partner_id, kind, enrolled) values (?, ?, true)
                on conflict (partner_id) do update set kind = excluded.kind, enrolled = true""",
                event.partnerId(), event.kind().name());
    }

    /** The shape stored before {@link CommissionsSettled}. */
    @EventHandler
    void on(CommissionEntryRecorded event, @MessageIdentifier String entryId, @SequenceNumber Long sequenceNumber) {
        knowPartner(event.partnerId());
        insertEntry(entryId, event.partnerId(), sequenceNumber, 0, new CommissionsSettled.Entry(event.dealId(), event.month(),
                event.monthEnd(), event.amount(), event.entryKind(), event.rate(), event.policyVersion(), event.partnerKind(),
                event.effectiveAt(), event.status()));
    }

    @EventHandler
    void on(CommissionsSettled event, @MessageIdentifier String eventId, @SequenceNumber Long sequenceNumber) {
        knowPartner(event.partnerId());
        List<CommissionsSettled.Entry> entries = event.entries();
        for (int line = 0; line < entries.size(); line++) {
            insertEntry(CommissionsSettled.entryId(eventId, line), event.partnerId(), sequenceNumber, line, entries.get(line));
        }
    }

    private void insertEntry(String entryId, String partnerId, long sequenceNumber, int line, CommissionsSettled.Entry entry) {
        writes.update("""
                insert into commission_entry (entry_id, partner_id, sequence_number, line, deal_id, month, month_end, effective_at,
                                              entry_kind, amount, currency, rate, policy_version, partner_kind, status_at_entry)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (entry_id) do nothing""",
                entryId, partnerId, sequenceNumber, line, entry.dealId(), entry.month(), ts(entry.monthEnd()),
                ts(entry.effectiveAt()), entry.entryKind().name(), entry.amount().decimal(), entry.amount().currency(),
                entry.rate(), entry.policyVersion(), entry.partnerKind().name(), entry.status().name());
    }

    @EventHandler
    void on(HoldPlaced event) {
        knowPartner(event.partnerId());
        writes.update("insert into commission_hold (partner_id, since, reason) values (?, ?, ?) on conflict do nothing",
                event.partnerId(), ts(event.since()), event.reason());
    }

    @EventHandler
    void on(HoldReleased event) {
        writes.update("update commission_hold set until = ? where partner_id = ? and since = ?",
                ts(event.until()), event.partnerId(), ts(event.since()));
        for (Money released : event.releasedAmounts()) {
            writes.update("""
                    insert into commission_hold_release (partner_id, since, currency, amount) values (?, ?, ?, ?)
                    on conflict do nothing""", event.partnerId(), ts(event.since()), released.currency(), released.decimal());
        }
    }

    @EventHandler
    void on(CapExceededRecorded event) {
        knowPartner(event.partnerId());
        writes.update("insert into commission_cap_notice (partner_id, since, deadline) values (?, ?, ?) on conflict do nothing",
                event.partnerId(), ts(event.since()), ts(event.deadline()));
    }

    @EventHandler
    void on(CapRestoredRecorded event) {
        knowPartner(event.partnerId());
        writes.update("""
                update commission_cap_notice set restored_at = ?
                where partner_id = ? and since < ? and restored_at is null""",
                ts(event.restoredAt()), event.partnerId(), ts(event.restoredAt()));
    }

    @ResetHandler
    void reset() {
        writes.flush();
        jdbc.update("truncate commission_partner, commission_entry, commission_hold, commission_hold_release, commission_cap_notice");
    }

    /** P1: a partner is known from its first event, as a SOLUTIONS_PARTNER stub until its enrolment. */
    private void knowPartner(String partnerId) {
        writes.once("insert into commission_partner (partner_id, kind, enrolled) values (?, ?, false) on conflict do nothing",
                partnerId, PartnerKind.SOLUTIONS_PARTNER.name());
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
