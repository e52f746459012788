package dev.prm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.EventType;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.contracts.crm.AccountManaged;
import dev.prm.contracts.crm.AccountReleased;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealChurned;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.DirectOwnerAssigned;
import dev.prm.contracts.crm.DirectOwnerUnassigned;
import dev.prm.contracts.crm.DomainRegistrationExtensionRequested;
import dev.prm.contracts.crm.DomainRegistrationReleased;
import dev.prm.contracts.crm.DomainRegistrationRequested;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.program.ProgramCurrencies;
import dev.prm.simulator.SimulatedEvent.Scenario;

/** The CRM simulator's history: reproducible, within the contract, in time order, realistic in its shares, lazy. */
class CrmHistoryTest {

    /** SPEC T4, written out again here so the simulator's own country table is checked against the spec. */
    private static final Set<String> EMERGING_MARKETS = Set.of("IN",
            "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY", "SV", "UY", "VE",
            "CN", "MN", "KR",
            "BD", "BN", "KH", "HK", "ID", "LA", "MY", "MV", "MM", "NP", "PK", "PH", "LK", "SG", "TW", "TH", "TL", "VN");
    private static final Instant CAP_TABLE_2022 = Instant.parse("2022-02-01T00:00:00Z");
    private static final Instant CAP_DEADLINE_2022 = Instant.parse("2022-04-01T00:00:00Z");

    /** The README's demonstration: 200 partners, a year from 2022-01. */
    private static final SimulationSettings DEMO = SimulationSettings.defaults(42, 200, 12);
    private static List<SimulatedEvent> demo;

    @BeforeAll
    static void generateTheDemo() {
        demo = all(DEMO);
    }

    @Test
    @DisplayName("the same seed gives the same bytes, ids included; another seed another history")
    void reproducibleBySeed() {
        SimulationSettings settings = SimulationSettings.defaults(7, 60, 4).withMidMonthTicks(true).withMalformedShare(0.02);

        String first = digest(settings);

        assertThat(digest(settings)).isEqualTo(first);
        assertThat(digest(new SimulationSettings(8, 60, 4, settings.start(), settings.eventsPerMonth(), settings.emergingMarketShare(),
                settings.providerShare(), settings.overCapShare(), settings.redeliveryShare(), settings.malformedShare(), true)))
                .isNotEqualTo(first);
    }

    @Test
    @DisplayName("SPEC §2: every event is read by the strict reader and matches its type's published schema; keys and subjects as the contract says")
    void everyEventKeepsTheContract() {
        for (SimulatedEvent event : demo) {
            CloudEventCodec.Inbound read = ContractCheck.read(event);

            assertThat(read.type().typeName()).isEqualTo(event.type());
            assertThat(read.envelope().id()).isEqualTo(event.id());
            assertThat(read.envelope().time()).isEqualTo(event.time());
            assertThat(ContractCheck.schemaProblems(read.type(), event.value())).as(event.json()).isEmpty();
            String expectedKey = switch (read.data()) {
                case DirectOwnerAssigned assigned -> assigned.domain();
                case DirectOwnerUnassigned unassigned -> unassigned.domain();
                case dev.prm.contracts.crm.TimePassed tick -> SimulatedEvent.CLOCK_KEY;
                default -> partnerOf(read.data());
            };
            assertThat(event.key()).as(event.json()).isEqualTo(expectedKey);
            if (!event.isTick()) {
                assertThat(read.envelope().subject()).isEqualTo(expectedKey);
            }
        }
        assertThat(demo.stream().map(SimulatedEvent::type).collect(Collectors.toSet()))
                .as("every inbound type of SPEC §2")
                .containsExactlyInAnyOrderElementsOf(EventType.all().stream().filter(EventType::inbound).map(EventType::typeName).toList());
    }

    @Test
    @DisplayName("B1: a tick at the start and at every month end, in order, each after the facts of its month")
    void ticksCloseTheMonths() {
        assertTicksCloseTheirPeriods(demo, DEMO, false);
        SimulationSettings withMidMonth = SimulationSettings.defaults(3, 40, 3).withMidMonthTicks(true);
        assertTicksCloseTheirPeriods(all(withMidMonth), withMidMonth, true);
    }

    private static void assertTicksCloseTheirPeriods(List<SimulatedEvent> events, SimulationSettings settings, boolean midMonth) {
        List<Instant> ticks = events.stream().filter(SimulatedEvent::isTick).map(SimulatedEvent::time).toList();
        List<Instant> expected = new ArrayList<>();
        for (LocalDate day = settings.start().atDay(1); !day.isAfter(settings.start().plusMonths(settings.months()).atDay(1)); day = day.plusDays(1)) {
            if (day.getDayOfMonth() == 1 || (midMonth && day.getDayOfMonth() == 15)) {
                expected.add(day.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
        }
        assertThat(ticks).containsExactlyElementsOf(expected);
        assertThat(events.getFirst().isTick()).isTrue();
        assertThat(events.getLast().isTick()).isTrue();
        Instant lastTick = null;
        for (SimulatedEvent event : events) {
            if (event.isTick()) {
                lastTick = event.time();
            } else {
                Instant nextTick = ticks.stream().filter(t -> t.isAfter(event.time())).findFirst().orElseThrow();
                assertThat(event.time()).as(event.json()).isAfterOrEqualTo(lastTick).isBefore(nextTick);
            }
        }
    }

    @Test
    @DisplayName("§4: a partner's events come in the order of their times, on every topic")
    void eachPartnersTimesNeverGoBack() {
        Map<String, Instant> latest = new HashMap<>();
        for (SimulatedEvent event : demo) {
            Instant before = latest.put(event.key(), event.time());
            if (before != null) {
                assertThat(event.time()).as(event.json()).isAfterOrEqualTo(before);
            }
        }
    }

    @Test
    @DisplayName("P1, T2, T4: both kinds, many countries across regions, the emerging-market share asked for, program currencies")
    void sharesFollowTheSettings() {
        SimulationSettings settings = SimulationSettings.defaults(11, 1_000, 2).withEventsPerMonth(3_000);
        for (double emergingShare : new double[] {0.25, 0.6}) {
            List<PartnerEnrolled> partners = all(settings.withEmergingMarketShare(emergingShare)).stream()
                    .filter(e -> e.type().equals("PartnerEnrolled") && e.scenario() != Scenario.REDELIVERY)
                    .map(e -> (PartnerEnrolled) ContractCheck.read(e).data()).toList();

            assertThat(partners).hasSize(1_000);
            assertThat(share(partners, p -> EMERGING_MARKETS.contains(p.country()))).isCloseTo(emergingShare, within(0.05));
            assertThat(share(partners, p -> p.kind() == PartnerKind.PROVIDER)).isCloseTo(0.15, within(0.04));
            assertThat(partners.stream().map(PartnerEnrolled::country).distinct().count()).isGreaterThanOrEqualTo(15);
        }
        assertThat(Country.ALL).allSatisfy(country ->
                assertThat(country.emergingMarket()).as(country.code()).isEqualTo(EMERGING_MARKETS.contains(country.code())));
        assertThat(Country.ALL.stream().map(Country::region).distinct()).hasSizeGreaterThanOrEqualTo(5);

        List<SimulatedEvent> closed = demo.stream().filter(e -> e.type().equals("DealClosed") && e.scenario() != Scenario.REDELIVERY).toList();
        Map<String, Long> perCurrency = new HashMap<>();
        List<BigDecimal> usd = new ArrayList<>();
        for (SimulatedEvent event : closed) {
            DealClosed deal = (DealClosed) ContractCheck.read(event).data();
            BigDecimal hundredUsd = ProgramCurrencies.table().at(event.time()).hundredUsdIn(deal.mrr().currency())
                    .orElseThrow(() -> new AssertionError(deal.mrr().currency() + " is not in the program's table"));
            perCurrency.merge(deal.mrr().currency(), 1L, Long::sum);
            usd.add(deal.mrr().decimal().multiply(BigDecimal.valueOf(100)).divide(hundredUsd, MathContext.DECIMAL64));
        }
        assertThat(perCurrency.keySet()).hasSizeGreaterThanOrEqualTo(3).contains("USD", "EUR", "JPY");
        assertThat(perCurrency.values()).allSatisfy(count -> assertThat(count).isGreaterThan(10));
        usd.sort(null);
        BigDecimal median = usd.get(usd.size() / 2);
        assertThat(usd.getLast()).as("the long tail: the largest deal against the median").isGreaterThan(median.multiply(BigDecimal.valueOf(30)));
        assertThat(usd.get(usd.size() * 9 / 10)).as("p90 against the median").isGreaterThan(median.multiply(BigDecimal.valueOf(3)));
    }

    @Test
    @DisplayName("deals are amended and churned, accounts change and end: always things that exist, of the same partner")
    void dealsAndAccountsHaveALife() {
        Map<String, String> openDeals = new HashMap<>();
        Set<String> churned = new HashSet<>();
        Map<String, BigDecimal> accounts = new HashMap<>();
        int amended = 0;
        int accountChanges = 0;
        int accountReleases = 0;
        for (SimulatedEvent event : facts(demo)) {
            switch (ContractCheck.read(event).data()) {
                case DealClosed deal -> openDeals.put(deal.dealId(), deal.partnerId());
                case DealAmended amendment -> {
                    assertThat(openDeals.get(amendment.dealId())).as("amended deal open, same partner").isEqualTo(amendment.partnerId());
                    amended++;
                }
                case DealChurned churn -> {
                    assertThat(openDeals.remove(churn.dealId())).as("churned deal open, same partner").isEqualTo(churn.partnerId());
                    churned.add(churn.dealId());
                }
                case AccountManaged account -> {
                    BigDecimal before = accounts.put(account.partnerId() + "/" + account.accountId(), account.mrr().decimal());
                    if (before != null && before.compareTo(account.mrr().decimal()) != 0) {
                        accountChanges++;
                    }
                }
                case AccountReleased release -> {
                    assertThat(accounts.remove(release.partnerId() + "/" + release.accountId())).as("released account managed").isNotNull();
                    accountReleases++;
                }
                default -> {
                }
            }
        }
        assertThat(amended).isGreaterThan(100);
        assertThat(churned).hasSizeGreaterThan(100);
        assertThat(accountChanges).isGreaterThan(50);
        assertThat(accountReleases).isGreaterThan(50);
    }

    @Test
    @DisplayName("R1-R8: registrations extended and released, duplicate requests by the holder and by others, conflicts with direct owners")
    void registrationsMeetEveryRule() {
        Map<String, String> holder = new HashMap<>();
        Map<String, Instant> registeredAt = new HashMap<>();
        Map<String, Instant> validUntil = new HashMap<>();
        Set<String> directlyOwned = new HashSet<>();
        Map<String, Integer> counts = new HashMap<>();
        for (SimulatedEvent event : facts(demo)) {
            Instant time = event.time();
            switch (ContractCheck.read(event).data()) {
                case DomainRegistrationRequested request -> {
                    String domain = normalised(request.domain());
                    boolean held = time.isBefore(validUntil.getOrDefault(domain, Instant.MIN));
                    if (directlyOwned.contains(domain)) {
                        count(counts, "request for a directly owned domain");
                        assertThat(event.scenario()).isEqualTo(Scenario.CONFLICT_REQUEST_ON_DIRECT_DOMAIN);
                    } else if (held && request.partnerId().equals(holder.get(domain))) {
                        count(counts, "request again by the holder");
                        if (!request.domain().equals(domain)) {
                            count(counts, "request again written another way");
                        }
                    } else if (held) {
                        count(counts, "request for another partner's domain");
                    } else {
                        holder.put(domain, request.partnerId());
                        registeredAt.put(domain, time);
                        validUntil.put(domain, plusMonths(time, 6));
                    }
                }
                case DomainRegistrationExtensionRequested extension -> {
                    assertThat(holder.get(extension.domain())).as("extended by its holder").isEqualTo(extension.partnerId());
                    assertThat(time).as("extended while active").isBefore(validUntil.get(extension.domain()));
                    // R4 as the services count it: registered + 9 months
                    validUntil.put(extension.domain(), plusMonths(registeredAt.get(extension.domain()), 9));
                    count(counts, "extension");
                }
                case DomainRegistrationReleased release -> {
                    assertThat(holder.remove(release.domain())).as("released by its holder").isEqualTo(release.partnerId());
                    assertThat(time).as("released while active").isBefore(validUntil.remove(release.domain()));
                    count(counts, "release");
                }
                case DirectOwnerAssigned assigned -> {
                    if (time.isBefore(validUntil.getOrDefault(assigned.domain(), Instant.MIN))) {
                        count(counts, "direct owner on a held domain");
                        assertThat(event.scenario()).isEqualTo(Scenario.CONFLICT_DIRECT_OWNER_ON_HELD_DOMAIN);
                    } else {
                        directlyOwned.add(assigned.domain());
                    }
                }
                case DirectOwnerUnassigned unassigned -> {
                    assertThat(directlyOwned.remove(unassigned.domain())).as("unassigned when owned").isTrue();
                    count(counts, "direct owner unassigned");
                }
                default -> {
                }
            }
        }
        assertThat(counts).containsOnlyKeys("request for a directly owned domain", "request again by the holder",
                "request again written another way", "request for another partner's domain", "extension", "release",
                "direct owner on a held domain", "direct owner unassigned");
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(20));
    }

    @Test
    @DisplayName("R6, R7: migrated GOLD partners hold more than the 2022 table's cap of 15 when it takes effect; one releases in time, one after the deadline, one never")
    void somePartnersGoOverTheirCap() {
        Map<String, Tier> tiers = new HashMap<>();
        Map<String, Set<String>> heldAtNewTable = new HashMap<>();
        Map<String, List<Instant>> releases = new HashMap<>();
        for (SimulatedEvent event : facts(demo)) {
            switch (ContractCheck.read(event).data()) {
                case PartnerEnrolled enrolled -> tiers.put(enrolled.partnerId(), enrolled.tier());
                case DomainRegistrationRequested request when event.time().isBefore(CAP_TABLE_2022) ->
                        heldAtNewTable.computeIfAbsent(request.partnerId(), p -> new HashSet<>()).add(normalised(request.domain()));
                case DomainRegistrationReleased release -> {
                    releases.computeIfAbsent(release.partnerId(), p -> new ArrayList<>()).add(event.time());
                    if (event.time().isBefore(CAP_TABLE_2022)) {
                        heldAtNewTable.get(release.partnerId()).remove(release.domain());
                    }
                }
                default -> {
                }
            }
        }
        Set<String> planned = demo.stream().filter(e -> e.scenario() == Scenario.OVER_CAP_REGISTRATION)
                .map(SimulatedEvent::key).collect(Collectors.toSet());

        assertThat(planned).hasSize(6);
        assertThat(planned).allSatisfy(partner -> {
            assertThat(tiers.get(partner)).isEqualTo(Tier.GOLD);
            assertThat(heldAtNewTable.get(partner)).hasSizeBetween(25, 40);
        });
        assertThat(planned).anySatisfy(partner -> assertThat(releases.get(partner)).isNotEmpty()
                .allSatisfy(time -> assertThat(time).isAfter(CAP_TABLE_2022).isBefore(CAP_DEADLINE_2022)));
        assertThat(planned).anySatisfy(partner -> assertThat(releases.get(partner)).isNotEmpty()
                .allSatisfy(time -> assertThat(time).isAfter(CAP_DEADLINE_2022.plusSeconds(86_400))));
        assertThat(planned).anySatisfy(partner -> assertThat(releases.get(partner)).isNull());
    }

    @Test
    @DisplayName("R6, T8: started after the 2022 table, over-cap partners are migrated PLATINUM that extend while active, before the re-evaluation drops them")
    void laterStartsGoOverCapThroughADemotion() {
        for (YearMonth start : List.of(YearMonth.of(2023, 3), YearMonth.of(2024, 1))) {
            List<SimulatedEvent> events = facts(all(SimulationSettings.defaults(5, 200, 12).withStart(start)));
            Instant reevaluation = Instant.parse(start.getYear() + "-07-15T00:00:00Z");
            Instant deadline = reevaluation.plus(java.time.Duration.ofDays(60));
            Map<String, List<SimulatedEvent>> planned = events.stream().filter(e -> e.scenario() == Scenario.OVER_CAP_REGISTRATION)
                    .collect(Collectors.groupingBy(SimulatedEvent::key));

            assertThat(planned).as("from %s", start).hasSize(6);
            planned.forEach((partner, registrations) -> {
                Instant firstExpiry = plusMonths(registrations.getFirst().time(), 6);
                assertThat(registrations).hasSizeBetween(20, 24);
                assertThat(events).filteredOn(e -> e.key().equals(partner) && e.type().equals("PartnerEnrolled"))
                        .allSatisfy(e -> assertThat(((PartnerEnrolled) ContractCheck.read(e).data()).tier()).isEqualTo(Tier.PLATINUM));
                assertThat(events).filteredOn(e -> e.key().equals(partner) && e.type().equals("DomainRegistrationExtensionRequested"))
                        .hasSize(registrations.size())
                        .allSatisfy(e -> assertThat(e.time()).isBefore(reevaluation).isBefore(firstExpiry));
                assertThat(events).filteredOn(e -> e.key().equals(partner) && e.type().equals("DomainRegistrationReleased"))
                        .allSatisfy(e -> assertThat(e.time()).as("released before the extended registrations end")
                                .isBefore(plusMonths(registrations.getFirst().time(), 9)));
            });
            assertThat(events).filteredOn(e -> planned.containsKey(e.key()) && e.type().equals("DomainRegistrationReleased"))
                    .extracting(SimulatedEvent::time)
                    .anySatisfy(time -> assertThat(time).isBefore(deadline))
                    .anySatisfy(time -> assertThat(time).isAfter(deadline));
        }
    }

    @Test
    @DisplayName("§4, P1: some facts are delivered twice with the same id and bytes; some partners act before their enrolment")
    void redeliveriesAndEarlyFacts() {
        Map<String, byte[]> byId = new HashMap<>();
        int repeated = 0;
        for (SimulatedEvent event : demo) {
            byte[] before = byId.put(event.id(), event.value());
            if (before != null) {
                assertThat(event.value()).isEqualTo(before);
                assertThat(event.scenario()).isEqualTo(Scenario.REDELIVERY);
                repeated++;
            }
        }
        long facts = demo.stream().filter(e -> !e.isTick()).count();
        assertThat((double) repeated / facts).isCloseTo(DEMO.redeliveryShare(), within(0.005));

        Map<String, Instant> enrolledAt = new HashMap<>();
        demo.stream().filter(e -> e.type().equals("PartnerEnrolled")).forEach(e -> enrolledAt.putIfAbsent(e.key(), e.time()));
        assertThat(demo).filteredOn(e -> e.scenario() == Scenario.BEFORE_ENROLMENT).isNotEmpty()
                .allSatisfy(e -> assertThat(e.time()).isBefore(enrolledAt.get(e.key())));
    }

    @Test
    @DisplayName("§4: with --bad-share, malformed messages are refused by the strict reader, and the valid history is unchanged")
    void malformedMessagesAreOnTopOfTheSameHistory() {
        SimulationSettings clean = SimulationSettings.defaults(9, 80, 3);
        List<SimulatedEvent> withBad = all(clean.withMalformedShare(0.05));
        List<SimulatedEvent> bad = withBad.stream().filter(e -> e.scenario() == Scenario.MALFORMED).toList();

        assertThat((double) bad.size() / withBad.size()).isCloseTo(0.05, within(0.015));
        assertThat(bad).allSatisfy(event -> assertThatThrownBy(() -> ContractCheck.read(event)).isInstanceOf(InvalidEventException.class));
        assertThat(bad.stream().map(e -> reason(e)).collect(Collectors.toSet()))
                .contains(InvalidEventException.Reason.NOT_JSON, InvalidEventException.Reason.UNKNOWN_TYPE,
                        InvalidEventException.Reason.MISSING_FIELD, InvalidEventException.Reason.INVALID_FIELD);
        assertThat(withBad.stream().filter(e -> e.scenario() != Scenario.MALFORMED).map(SimulatedEvent::json).toList())
                .containsExactlyElementsOf(all(clean).stream().map(SimulatedEvent::json).toList());
    }

    @Test
    @DisplayName("the summary counts what was generated")
    void statisticsCountTheEvents() {
        HistoryGenerator pass = new CrmHistory(DEMO).iterator();
        pass.forEachRemaining(event -> { });
        HistoryStatistics statistics = pass.statistics();

        assertThat(statistics.events()).isEqualTo(demo.size());
        for (String topic : CrmTopics.ALL) {
            assertThat(statistics.events(topic)).as(topic).isEqualTo(demo.stream().filter(e -> e.topic().equals(topic)).count());
        }
        assertThat(statistics.partners()).isEqualTo(DEMO.partners());
        assertThat(statistics.summary()).anySatisfy(line -> assertThat(line).startsWith("deals").contains("9 currencies"));
        assertThat(new CrmHistory(DEMO).notablePartners()).extracting(NotablePartner::role)
                .contains("top seller", "over cap, releases after the deadline", "largest provider");
    }

    @Test
    @DisplayName("a million events are generated as they are pulled: memory stays bounded by one day's slots")
    void aMillionEventsInBoundedMemory() {
        SimulationSettings large = SimulationSettings.defaults(1, 2_000, 12).withEventsPerMonth(84_000);
        long before = usedHeapAfterGc();

        HistoryGenerator pass = new CrmHistory(large).iterator();
        long count = 0;
        long bytes = 0;
        while (pass.hasNext()) {
            bytes += pass.next().value().length;
            count++;
        }

        assertThat(count).isGreaterThan(1_000_000);
        assertThat(pass.largestDay()).isLessThan(10_000);
        // the events themselves are several hundred MB; what stays is the partners' state
        assertThat(bytes).isGreaterThan(300L << 20);
        assertThat(usedHeapAfterGc() - before).isLessThan(64L << 20);
    }

    // ----- helpers -----

    private static List<SimulatedEvent> all(SimulationSettings settings) {
        List<SimulatedEvent> events = new ArrayList<>();
        new CrmHistory(settings).forEach(events::add);
        return events;
    }

    /** Each fact once: redeliveries and malformed messages left out. */
    private static List<SimulatedEvent> facts(List<SimulatedEvent> events) {
        return events.stream().filter(e -> e.scenario() != Scenario.REDELIVERY && e.scenario() != Scenario.MALFORMED && !e.isTick()).toList();
    }

    private static String digest(SimulationSettings settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SimulatedEvent event : new CrmHistory(settings)) {
                sha.update((event.topic() + "\n" + event.key() + "\n").getBytes());
                sha.update(event.value());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String partnerOf(Object data) {
        try {
            return (String) data.getClass().getMethod("partnerId").invoke(data);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(data + " has no partnerId", e);
        }
    }

    /** R1 for what the simulator writes: a domain, or the same as a person would paste it. */
    private static String normalised(String domain) {
        return domain.toLowerCase(Locale.ROOT).replaceFirst("^https://", "").replaceFirst("^www\\.", "").replaceFirst("/$", "");
    }

    private static Instant plusMonths(Instant instant, int months) {
        return instant.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private static void count(Map<String, Integer> counts, String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private static <T> double share(List<T> items, java.util.function.Predicate<T> which) {
        return (double) items.stream().filter(which).count() / items.size();
    }

    private static org.assertj.core.data.Offset<Double> within(double tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }

    private static InvalidEventException.Reason reason(SimulatedEvent event) {
        try {
            ContractCheck.read(event);
            throw new AssertionError("accepted: " + event.json());
        } catch (InvalidEventException e) {
            return e.reason();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
