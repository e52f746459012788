package dev.prm.platform.clock;

import java.time.Instant;

/**
 * Told when this instance finds that business time moved by a step another instance took (event mode, several
 * instances): the step changed state that this instance may hold in memory, aggregates in a cache for instance.
 */
@FunctionalInterface
public interface BusinessTimeStepObserver {

    void stepTakenElsewhere(Instant now);
}
