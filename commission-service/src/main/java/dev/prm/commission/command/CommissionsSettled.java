package dev.prm.commission.command;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.prm.commission.domain.CommissionStatus;
import dev.prm.commission.domain.EntryKind;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * Stored decision (C1, C2): the ledger entries one settlement of the partner booked, every deal's accruals and
 * signed adjustments at once, in the order they were decided. Replaces one {@link CommissionEntryRecorded} per
 * deal and month end (still read from streams that hold it), so a month end stores one event per partner that has
 * something to settle.
 */
public record CommissionsSettled(String partnerId, List<Entry> entries) {

    public CommissionsSettled {
        entries = List.copyOf(entries);
    }

    /**
     * One entry of the ledger for a deal's month end, with the terms it was computed under. {@code month} is the month
     * the month end closes (YYYY-MM); {@code status} is the entry's status when it takes effect, as far as known when
     * it was made (C3: a hold whose facts arrive later still holds it; the read model derives every status from the
     * hold periods).
     */
    public record Entry(String dealId, String month, Instant monthEnd, Money amount, EntryKind entryKind, BigDecimal rate,
                        String policyVersion, PartnerKind partnerKind, Instant effectiveAt, CommissionStatus status) {
    }

    /** The id of entry {@code index} (its CloudEvent id and read-model key): derived, so a replay gives the same one. */
    public static String entryId(String eventId, int index) {
        return UUID.nameUUIDFromBytes((eventId + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
