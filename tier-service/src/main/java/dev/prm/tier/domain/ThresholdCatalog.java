package dev.prm.tier.domain;

import dev.prm.program.Versioned;

/** T6: the threshold table versions in force: the program defaults plus the versions admins added. */
@FunctionalInterface
public interface ThresholdCatalog {

    Versioned<ThresholdTable> thresholds();
}
