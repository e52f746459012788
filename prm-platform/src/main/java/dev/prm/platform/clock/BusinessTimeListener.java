package dev.prm.platform.clock;

import java.time.Instant;

/**
 * Reacts to business time moving forward, inside the transaction that records the new time, so a
 * decision (a month-end evaluation, an expiry) and the time it was made for commit together.
 */
public interface BusinessTimeListener {

    /**
     * @param previous business time before this step; {@code null} the first time the service sees time pass
     * @param now      the new business time, strictly after {@code previous}
     */
    void onBusinessTimeAdvanced(Instant previous, Instant now);
}
