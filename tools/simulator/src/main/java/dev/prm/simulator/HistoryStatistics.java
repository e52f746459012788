package dev.prm.simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.simulator.SimulatedEvent.Scenario;

/** Counts of a history as it is generated, in constant memory (deal sizes go into a log-scale histogram). */
public final class HistoryStatistics {

    private static final double BUCKET_GROWTH = 1.02;
    private static final int BUCKETS = 1_000;

    private final Map<String, Long> perTopic = new LinkedHashMap<>();
    private final Map<String, Long> perType = new LinkedHashMap<>();
    private final Map<Scenario, Long> perScenario = new EnumMap<>(Scenario.class);
    private final Map<PartnerKind, Long> partnersPerKind = new EnumMap<>(PartnerKind.class);
    private final Map<String, Long> partnersPerRegion = new TreeMap<>();
    private final Map<String, Long> partnersPerCountry = new TreeMap<>();
    private final Map<String, Long> dealsPerCurrency = new TreeMap<>();
    private final long[] dealSizes = new long[BUCKETS];
    private long events;
    private long partners;
    private long emergingMarketPartners;
    private long migratedPartners;
    private long lateEnrolments;
    private long overCapPartners;
    private long deals;
    private double largestDeal;

    HistoryStatistics() {
        CrmTopics.ALL.forEach(topic -> perTopic.put(topic, 0L));
    }

    void event(SimulatedEvent event) {
        events++;
        perTopic.merge(event.topic(), 1L, Long::sum);
        if (event.scenario() != Scenario.MALFORMED) {
            perType.merge(event.type(), 1L, Long::sum);
        }
        perScenario.merge(event.scenario(), 1L, Long::sum);
    }

    void partner(PartnerProfile partner) {
        partners++;
        partnersPerKind.merge(partner.kind(), 1L, Long::sum);
        partnersPerRegion.merge(partner.country().region(), 1L, Long::sum);
        partnersPerCountry.merge(partner.country().code(), 1L, Long::sum);
        if (partner.country().emergingMarket()) {
            emergingMarketPartners++;
        }
        if (partner.migratedTier() != null) {
            migratedPartners++;
        }
        if (partner.enrolsLate()) {
            lateEnrolments++;
        }
        if (partner.overCap() != null) {
            overCapPartners++;
        }
    }

    void deal(double usd, String currency) {
        deals++;
        dealsPerCurrency.merge(currency, 1L, Long::sum);
        largestDeal = Math.max(largestDeal, usd);
        int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log(usd) / Math.log(BUCKET_GROWTH))));
        dealSizes[bucket]++;
    }

    public long events() {
        return events;
    }

    public long events(String topic) {
        return perTopic.getOrDefault(topic, 0L);
    }

    public long eventsOfType(String type) {
        return perType.getOrDefault(type, 0L);
    }

    public long scenario(Scenario scenario) {
        return perScenario.getOrDefault(scenario, 0L);
    }

    public Map<String, Long> perTopic() {
        return Map.copyOf(perTopic);
    }

    public long partners() {
        return partners;
    }

    /** Deal MRR in US$ at the given quantile, to within 2 %. */
    public double dealSizeQuantile(double quantile) {
        long wanted = (long) Math.ceil(quantile * deals);
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += dealSizes[bucket];
            if (seen >= wanted && seen > 0) {
                return Math.pow(BUCKET_GROWTH, bucket + 0.5);
            }
        }
        return largestDeal;
    }

    /** The summary {@code bin/simulate} prints. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>(List.of(
                "events        %,d: %s".formatted(events, join(perTopic)),
                "by type       " + join(perType) + " (redeliveries included)",
                "partners      %,d: %s; %,d in emerging markets (%.0f %%); %,d migrated with a tier; %,d with facts before their enrolment"
                        .formatted(partners, join(partnersPerKind), emergingMarketPartners, percent(emergingMarketPartners, partners),
                                migratedPartners, lateEnrolments),
                "regions       " + join(partnersPerRegion),
                "countries     " + join(byCountDescending(partnersPerCountry)),
                "deals         %,d in %d currencies (%s); MRR in US$: median %,.0f, p90 %,.0f, p99 %,.0f, max %,.0f"
                        .formatted(deals, dealsPerCurrency.size(), join(byCountDescending(dealsPerCurrency)),
                                dealSizeQuantile(0.5), dealSizeQuantile(0.9), dealSizeQuantile(0.99), largestDeal),
                "duplicates    %,d redelivered ids; %,d requests for a domain the partner holds, %,d for one another partner holds"
                        .formatted(scenario(Scenario.REDELIVERY), scenario(Scenario.DUPLICATE_REQUEST_SAME_PARTNER),
                                scenario(Scenario.DUPLICATE_REQUEST_OTHER_PARTNER)),
                "conflicts     %,d requests for a domain direct sales owns; %,d direct owners assigned to a domain a partner holds"
                        .formatted(scenario(Scenario.CONFLICT_REQUEST_ON_DIRECT_DOMAIN),
                                scenario(Scenario.CONFLICT_DIRECT_OWNER_ON_HELD_DOMAIN)),
                "over cap      %,d partners planned over their cap, %,d registrations of theirs"
                        .formatted(overCapPartners, scenario(Scenario.OVER_CAP_REGISTRATION)),
                "malformed     %,d (dead letters)".formatted(scenario(Scenario.MALFORMED))));
        long staged = scenario(Scenario.SAME_DOMAIN_TWO_PARTNERS) + scenario(Scenario.REQUEST_AROUND_RELEASE)
                + scenario(Scenario.REQUEST_BETWEEN_DIRECT_OWNERS) + scenario(Scenario.REQUEST_BEFORE_DIRECT_OWNER)
                + scenario(Scenario.DEAL_CURRENCY_CHANGED) + scenario(Scenario.RIGHT_AFTER_MONTH_END);
        if (staged > 0) {
            lines.add(("staged (B3)   %,d facts: %,d of two partners asking for one domain, %,d around a release, %,d between"
                    + " direct owners, %,d before a direct owner, %,d currency changes, %,d right after a month end")
                    .formatted(staged, scenario(Scenario.SAME_DOMAIN_TWO_PARTNERS), scenario(Scenario.REQUEST_AROUND_RELEASE),
                            scenario(Scenario.REQUEST_BETWEEN_DIRECT_OWNERS), scenario(Scenario.REQUEST_BEFORE_DIRECT_OWNER),
                            scenario(Scenario.DEAL_CURRENCY_CHANGED), scenario(Scenario.RIGHT_AFTER_MONTH_END)));
        }
        return lines;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static String join(Map<?, Long> counts) {
        return counts.entrySet().stream().map(e -> "%s %,d".formatted(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }
}
