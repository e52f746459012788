package dev.prm.tier.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One string per ISO 3166 country code: a partner holds a country per deal and account, each read from its own event. */
public final class CountryCodes {

    private static final Map<String, String> CODES = Arrays.stream(Locale.getISOCountries())
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));

    private CountryCodes() {
    }

    /** The shared instance of {@code code}; a code Java does not know is returned as it is. */
    public static String canonical(String code) {
        return code == null ? null : CODES.getOrDefault(code, code);
    }
}
