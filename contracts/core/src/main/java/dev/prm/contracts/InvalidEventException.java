package dev.prm.contracts;

/**
 * A message that breaks the contract. It is dead-lettered with {@link #reason()} and {@link #getMessage()}
 * as its headers; it is never retried, because the same bytes will always fail the same way.
 */
public class InvalidEventException extends RuntimeException {

    public enum Reason {
        NOT_JSON,
        NOT_CLOUDEVENT,
        UNKNOWN_TYPE,
        UNSUPPORTED_SCHEMA,
        MISSING_FIELD,
        INVALID_FIELD,
        UNKNOWN_CURRENCY,
        UNKNOWN_COUNTRY
    }

    private final Reason reason;

    public InvalidEventException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
