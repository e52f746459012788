package dev.prm.simulator;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A country partners and customers are in: its region, whether it is an emerging market (SPEC T4 default list),
 * the program currency its deals are priced in (SPEC T2; USD where the local one is not in the table) and the
 * suffix of its companies' domains. {@code weight} is its relative share of partners within its group.
 */
record Country(String code, String region, boolean emergingMarket, String currency, String domainSuffix, int weight) {

    static final String NORTH_AMERICA = "North America";
    static final String EUROPE = "Europe";
    static final String ASIA_PACIFIC = "Asia-Pacific";
    static final String LATIN_AMERICA = "Latin America";
    static final String MIDDLE_EAST_AFRICA = "Middle East & Africa";

    static final List<Country> ALL = List.of(
            new Country("US", NORTH_AMERICA, false, "USD", "com", 30),
            new Country("CA", NORTH_AMERICA, false, "CAD", "ca", 6),
            new Country("GB", EUROPE, false, "GBP", "co.uk", 12),
            new Country("DE", EUROPE, false, "EUR", "de", 9),
            new Country("FR", EUROPE, false, "EUR", "fr", 6),
            new Country("NL", EUROPE, false, "EUR", "nl", 3),
            new Country("ES", EUROPE, false, "EUR", "es", 3),
            new Country("IT", EUROPE, false, "EUR", "it", 2),
            new Country("IE", EUROPE, false, "EUR", "ie", 2),
            new Country("JP", ASIA_PACIFIC, false, "JPY", "co.jp", 12),
            new Country("AU", ASIA_PACIFIC, false, "AUD", "com.au", 8),
            new Country("ZA", MIDDLE_EAST_AFRICA, false, "ZAR", "co.za", 4),
            new Country("AE", MIDDLE_EAST_AFRICA, false, "USD", "ae", 2),
            new Country("IN", ASIA_PACIFIC, true, "USD", "in", 20),
            new Country("SG", ASIA_PACIFIC, true, "SGD", "com.sg", 12),
            new Country("HK", ASIA_PACIFIC, true, "USD", "com.hk", 4),
            new Country("KR", ASIA_PACIFIC, true, "USD", "co.kr", 4),
            new Country("PH", ASIA_PACIFIC, true, "USD", "com.ph", 4),
            new Country("MY", ASIA_PACIFIC, true, "USD", "com.my", 3),
            new Country("ID", ASIA_PACIFIC, true, "USD", "co.id", 3),
            new Country("BR", LATIN_AMERICA, true, "USD", "com.br", 14),
            new Country("MX", LATIN_AMERICA, true, "USD", "com.mx", 10),
            new Country("CO", LATIN_AMERICA, true, "COP", "com.co", 10),
            new Country("AR", LATIN_AMERICA, true, "USD", "com.ar", 4),
            new Country("CL", LATIN_AMERICA, true, "USD", "cl", 4));

    private static final List<Country> EMERGING = ALL.stream().filter(Country::emergingMarket).toList();
    private static final List<Country> ESTABLISHED = ALL.stream().filter(c -> !c.emergingMarket()).toList();
    private static final Map<String, List<Country>> BY_REGION = ALL.stream()
            .collect(Collectors.groupingBy(Country::region, Collectors.toUnmodifiableList()));

    /** A country of the emerging or the established group, by weight. */
    static Country pick(Random random, boolean emerging) {
        return byWeight(random, emerging ? EMERGING : ESTABLISHED);
    }

    /** Another country of the same region when there is one, else this one. */
    Country neighbour(Random random) {
        List<Country> region = BY_REGION.get(this.region);
        return region.size() == 1 ? this : byWeight(random, region.stream().filter(c -> c != this).toList());
    }

    private static Country byWeight(Random random, List<Country> countries) {
        int total = countries.stream().mapToInt(Country::weight).sum();
        int draw = random.nextInt(total);
        for (Country country : countries) {
            draw -= country.weight;
            if (draw < 0) {
                return country;
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }
}
