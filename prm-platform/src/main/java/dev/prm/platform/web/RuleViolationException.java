package dev.prm.platform.web;

/** A command refused by a business rule: answered 409 with the rule's reason code (e.g. CAP_REACHED). */
public class RuleViolationException extends RuntimeException {

    private final String reason;

    public RuleViolationException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
