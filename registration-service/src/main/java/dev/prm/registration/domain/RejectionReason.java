package dev.prm.registration.domain;

/** Why a registration, an extension or a conflict grant is refused (R3, R4, R8). */
public enum RejectionReason {
    INVALID_DOMAIN,
    CHANNEL_CONFLICT,
    ALREADY_REGISTERED,
    CAP_REACHED,
    NOT_ACTIVE,
    ALREADY_EXTENDED,
    OVER_CAP
}
