package dev.prm.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * ISO 3166 country codes: which codes are valid on the wire, and one string per code for aggregates that hold a country
 * per deal and account, each read from its own event.
 */
public final class CountryCodes {

    private static final Map<String, String> CODES = Arrays.stream(Locale.getISOCountries())
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));

    private CountryCodes() {
    }

    public static boolean isIso(String code) {
        return CODES.containsKey(code);
    }

    /** The shared instance of {@code code}; a code Java does not know is returned as it is. */
    public static String canonical(String code) {
        return code == null ? null : CODES.getOrDefault(code, code);
    }
}
