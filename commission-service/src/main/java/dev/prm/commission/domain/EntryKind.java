package dev.prm.commission.domain;

/** C2: an accrual is the first entry of a deal for a month end; every later correction is a signed adjustment. */
public enum EntryKind {
    ACCRUAL,
    ADJUSTMENT
}
