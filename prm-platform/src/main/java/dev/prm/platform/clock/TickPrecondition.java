package dev.prm.platform.clock;

import java.time.Instant;

/**
 * What else a held tick waits for besides the facts on this service's own inputs (SPEC B3), e.g. the decisions another
 * service makes at the same business time and publishes to an input of this one.
 */
public interface TickPrecondition {

    boolean satisfiedFor(Instant tick);
}
