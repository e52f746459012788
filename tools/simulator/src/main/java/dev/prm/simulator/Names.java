package dev.prm.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Company names and domains that read like a CRM's, from small word lists. */
final class Names {

    private static final List<String> FIRST = List.of("blue", "north", "bright", "clear", "cedar", "summit", "harbor",
            "maple", "silver", "river", "sakura", "kumo", "sol", "terra", "nova", "orbit", "pixel", "signal", "vista",
            "atlas", "ember", "falcon", "granite", "iron", "lumen", "meridian", "oak", "pine", "quartz", "rapid",
            "stone", "tide", "urban", "willow", "zen", "aurora", "beacon", "coral", "delta", "echo");
    private static final List<String> SECOND = List.of("bridge", "works", "path", "field", "wave", "point", "forge",
            "line", "gate", "leaf", "stack", "spark", "craft", "labs", "grid", "peak", "shore", "trail", "nest", "loop");
    private static final List<String> PARTNER_SUFFIX = List.of("Digital", "Growth", "Marketing", "Consulting", "Inbound",
            "Partners", "Agency", "Solutions", "Media", "RevOps");
    private static final List<String> CUSTOMER_SUFFIX = List.of("", "", "", "shop", "group", "health", "travel", "foods",
            "tech", "finance", "home", "motors");

    private Names() {
    }

    static String partnerName(Random random) {
        return capitalise(pick(random, FIRST)) + capitalise(pick(random, SECOND)) + " " + pick(random, PARTNER_SUFFIX);
    }

    /**
     * A customer domain in {@code country}; {@code serial} (unique per history) keeps two customers apart,
     * as real names would.
     */
    static String customerDomain(Random random, Country country, long serial) {
        String suffix = pick(random, CUSTOMER_SUFFIX);
        return pick(random, FIRST) + pick(random, SECOND) + (suffix.isEmpty() ? "" : "-" + suffix) + "-"
                + Long.toString(serial, 36) + "." + country.domainSuffix();
    }

    /** The same domain as a person might paste it into the CRM: R1 normalises it back. */
    static String asTyped(String domain) {
        return "https://www." + domain.toUpperCase(Locale.ROOT) + "/";
    }

    private static String pick(Random random, List<String> words) {
        return words.get(random.nextInt(words.size()));
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
