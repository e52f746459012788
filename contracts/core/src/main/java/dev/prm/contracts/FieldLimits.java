package dev.prm.contracts;

/**
 * SPEC §4: field sizes checked at the boundary, so nothing that could never be published is stored. Counted in
 * characters (code points), as JSON Schema's maxLength counts them.
 */
public final class FieldLimits {

    /** A domain name: DNS allows 253 characters. */
    public static final int DOMAIN = 253;
    /** Ids (partner, deal, account, owner, event id, ...), names and every other text field. */
    public static final int TEXT = 256;

    private FieldLimits() {
    }

    public static boolean fits(String value, int limit) {
        return value == null || value.length() <= limit || value.codePointCount(0, value.length()) <= limit;
    }

    public static String tooLong(String field, String value, int limit) {
        return field + ": longer than " + limit + " characters (" + value.codePointCount(0, value.length()) + ")";
    }
}
