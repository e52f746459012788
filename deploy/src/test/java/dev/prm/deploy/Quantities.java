package dev.prm.deploy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities (1Gi, 640Mi, 500m, "2") as numbers, to compare requests, limits and heaps. */
final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("([0-9.]+)([a-zA-Z]*)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)), Map.entry("G", BigDecimal.valueOf(1_000_000_000L)),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)), Map.entry("Gi", BigDecimal.valueOf(1L << 30)));

    private Quantities() {
    }

    static long bytes(String quantity) {
        return value(quantity).longValueExact();
    }

    static long millicores(String quantity) {
        return value(quantity).multiply(BigDecimal.valueOf(1000)).longValueExact();
    }

    private static BigDecimal value(String quantity) {
        Matcher matcher = QUANTITY.matcher(quantity.strip());
        if (!matcher.matches() || !SUFFIXES.containsKey(matcher.group(2))) {
            throw new AssertionError("not a Kubernetes quantity this check knows: '" + quantity + "'");
        }
        return new BigDecimal(matcher.group(1)).multiply(SUFFIXES.get(matcher.group(2))).stripTrailingZeros();
    }
}
