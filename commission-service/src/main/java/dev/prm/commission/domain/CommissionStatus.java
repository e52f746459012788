package dev.prm.commission.domain;

/** C3: an entry is HELD while its hold period runs, PAYABLE otherwise (released entries included). */
public enum CommissionStatus {
    HELD,
    PAYABLE
}
