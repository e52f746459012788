package dev.prm.registration.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * R1: a customer domain, normalised. Lower case; scheme, user info, {@code www.}, path, query, port and
 * trailing dot removed; internationalised names in punycode (IDNA 2003, {@link IDN}).
 */
public record DomainName(String value) {

    private static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}$");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    public static Optional<DomainName> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String host = raw.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        } else if (host.startsWith("//")) {
            host = host.substring(2);
        }
        host = cutAtFirst(host, "/?#");
        host = host.substring(host.lastIndexOf('@') + 1);
        host = PORT.matcher(host).replaceFirst("");
        host = host.toLowerCase(Locale.ROOT);
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.startsWith("www.")) {
            ascii = ascii.substring("www.".length());
        }
        return valid(ascii) ? Optional.of(new DomainName(ascii)) : Optional.empty();
    }

    /** At least two labels of letters, digits and inner hyphens, and a top-level label that is not a number (no IPs). */
    private static boolean valid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !NUMERIC.matcher(labels[labels.length - 1]).matches();
    }

    private static String cutAtFirst(String text, String stops) {
        for (int i = 0; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    @Override
    public String toString() {
        return value;
    }
}
