package dev.prm.contracts.tier;

public enum TierChangeReason {
    /** Monthly evaluation (T7): only upwards. */
    PROMOTION,
    /** Semiannual re-evaluation (T8): up or down. */
    REEVALUATION,
    /** The tier carried over by an enrolment (P1). */
    ENROLMENT
}
