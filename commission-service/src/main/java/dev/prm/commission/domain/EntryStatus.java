package dev.prm.commission.domain;

import java.time.Instant;

/**
 * The status of an entry at an instant.
 *
 * @param heldSince  the start of the hold period the entry falls in, or {@code null}
 * @param releasedAt when that period ended, if it has by the instant asked: the entry is then PAYABLE and
 *                   listed as released
 */
public record EntryStatus(CommissionStatus status, Instant heldSince, Instant releasedAt) {

    public static final EntryStatus PAYABLE = new EntryStatus(CommissionStatus.PAYABLE, null, null);

    public boolean held() {
        return status == CommissionStatus.HELD;
    }

    public boolean released() {
        return releasedAt != null;
    }
}
