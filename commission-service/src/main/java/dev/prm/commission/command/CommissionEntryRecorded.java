package dev.prm.commission.command;

import java.math.BigDecimal;
import java.time.Instant;

import dev.prm.commission.domain.CommissionStatus;
import dev.prm.commission.domain.EntryKind;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * Stored decision (C1, C2) of the shape stored before {@link CommissionsSettled}, still read from the streams that
 * hold it: an entry of the partner's ledger for a deal's month end, with the terms it was computed under. {@code month} is the month the month end closes (YYYY-MM); {@code status} is the entry's
 * status when it takes effect, as far as known when it was made (C3: a hold whose facts arrive later still
 * holds it; the read model derives every status from the hold periods).
 */
public record CommissionEntryRecorded(String partnerId, String dealId, String month, Instant monthEnd, Money amount,
                                      EntryKind entryKind, BigDecimal rate, String policyVersion, PartnerKind partnerKind,
                                      Instant effectiveAt, CommissionStatus status) {
}
