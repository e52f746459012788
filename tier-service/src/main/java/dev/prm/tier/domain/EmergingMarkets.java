package dev.prm.tier.domain;

import java.util.Set;

/** T4: customer countries (ISO 3166-1 alpha-2) whose points count double. */
public record EmergingMarkets(Set<String> countries) {

    public EmergingMarkets {
        countries = Set.copyOf(countries);
    }

    public boolean contains(String country) {
        return countries.contains(country);
    }
}
