package dev.prm.contracts;

public enum PartnerKind {
    SOLUTIONS_PARTNER,
    PROVIDER
}
