package dev.prm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.DirectOwnerAssigned;
import dev.prm.contracts.crm.DirectOwnerUnassigned;
import dev.prm.contracts.crm.DomainRegistrationReleased;
import dev.prm.contracts.crm.DomainRegistrationRequested;
import dev.prm.program.ProgramCurrencies;
import dev.prm.simulator.SimulatedEvent.Scenario;

/**
 * B3: with {@code conflictsPerMonth}, the simulator stages on purpose the facts whose result must not depend on the
 * order they arrive in; without it (the default) it stages none.
 */
class StagedConflictsTest {

    private static final Set<Scenario> STAGED = Set.of(Scenario.SAME_DOMAIN_TWO_PARTNERS, Scenario.REQUEST_AROUND_RELEASE,
            Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, Scenario.REQUEST_BEFORE_DIRECT_OWNER, Scenario.DEAL_CURRENCY_CHANGED,
            Scenario.RIGHT_AFTER_MONTH_END);
    /** Small, as the arrival-order property test runs it. */
    private static final SimulationSettings SETTINGS = SimulationSettings.defaults(2027, 10, 8).withConflictsPerMonth(1);

    private static List<SimulatedEvent> history;

    @BeforeAll
    static void generate() {
        history = new CrmHistory(SETTINGS).stream().toList();
    }

    @Test
    @DisplayName("off by default: bin/simulate's history stages nothing")
    void offByDefault() {
        assertThat(SimulationSettings.defaults(42, 200, 12).conflictsPerMonth()).isZero();
        assertThat(new CrmHistory(SimulationSettings.defaults(7, 60, 4)).stream()).noneMatch(e -> STAGED.contains(e.scenario()));
    }

    @Test
    @DisplayName("B3: the same settings give the same bytes; every staged fact keeps the contract and each partner's time order")
    void reproducibleAndWithinTheContract() {
        assertThat(new CrmHistory(SETTINGS).stream().map(SimulatedEvent::json).toList())
                .containsExactlyElementsOf(history.stream().map(SimulatedEvent::json).toList());
        Map<String, Instant> latest = new HashMap<>();
        for (SimulatedEvent event : history) {
            CloudEventCodec.Inbound read = ContractCheck.read(event);
            assertThat(ContractCheck.schemaProblems(read.type(), event.value())).as(event.json()).isEmpty();
            Instant before = latest.put(event.key(), event.time());
            assertThat(event.time()).as(event.json()).isAfterOrEqualTo(before == null ? Instant.MIN : before);
        }
        assertThat(history.stream().map(SimulatedEvent::scenario).collect(Collectors.toSet())).containsAll(STAGED);
    }

    @Test
    @DisplayName("B3, R3: two partners ask for one new domain days apart in the same month, keyed onto different partitions")
    void twoPartnersAskForOneDomain() {
        Map<String, List<Request>> byDomain = requests(Scenario.SAME_DOMAIN_TWO_PARTNERS);

        assertThat(byDomain).hasSizeGreaterThanOrEqualTo(SETTINGS.months() - 1).allSatisfy((domain, requests) -> {
            assertThat(requests).hasSize(2);
            Request first = requests.get(0);
            Request second = requests.get(1);
            assertThat(second.partner()).isNotEqualTo(first.partner());
            assertThat(Duration.between(first.time(), second.time())).isGreaterThanOrEqualTo(Duration.ofDays(2));
            assertThat(month(second.time())).isEqualTo(month(first.time()));
        });
        assertThat(byDomain.values()).anySatisfy(requests -> assertThat(HistoryGenerator.partitionOf(requests.get(1).partner()))
                .isNotEqualTo(HistoryGenerator.partitionOf(requests.get(0).partner())));
    }

    @Test
    @DisplayName("B3, R5: a partner releases a domain another one asked for before, and a third one asks for after")
    void requestsBeforeAndAfterARelease() {
        List<SimulatedEvent> staged = staged(Scenario.REQUEST_AROUND_RELEASE);
        Map<String, List<Request>> byDomain = requests(Scenario.REQUEST_AROUND_RELEASE);

        assertThat(byDomain).hasSizeGreaterThanOrEqualTo(SETTINGS.months() - 1);
        assertThat(byDomain).anySatisfy((domain, requests) -> {
            SimulatedEvent release = staged.stream().filter(e -> ContractCheck.read(e).data() instanceof DomainRegistrationReleased r
                    && r.domain().equals(domain)).findFirst().orElseThrow();
            String holder = release.key();
            assertThat(requests).hasSize(3);
            assertThat(requests.get(0).partner()).isEqualTo(holder);
            assertThat(requests.get(1).partner()).isNotEqualTo(holder);
            assertThat(requests.get(1).time()).isBefore(release.time());
            assertThat(requests.get(2).partner()).isNotIn(holder, requests.get(1).partner());
            assertThat(requests.get(2).time()).isAfter(release.time());
        });
    }

    @Test
    @DisplayName("B3, R3, R8: a request between two direct owners of a domain (one unassigned in between), and one before an assignment")
    void requestsAroundDirectOwners() {
        List<SimulatedEvent> between = staged(Scenario.REQUEST_BETWEEN_DIRECT_OWNERS);
        assertThat(requests(Scenario.REQUEST_BETWEEN_DIRECT_OWNERS)).isNotEmpty().allSatisfy((domain, requests) -> {
            List<SimulatedEvent> ofDomain = between.stream().filter(e -> e.key().equals(domain) || domainOf(e).equals(domain)).toList();
            assertThat(ofDomain).extracting(SimulatedEvent::type).containsExactly("DirectOwnerAssigned", "DomainRegistrationRequested",
                    "DirectOwnerUnassigned", "DomainRegistrationRequested", "DirectOwnerAssigned");
            assertThat(((DirectOwnerAssigned) ContractCheck.read(ofDomain.get(4)).data()).ownerId())
                    .isNotEqualTo(((DirectOwnerAssigned) ContractCheck.read(ofDomain.get(0)).data()).ownerId());
            assertThat(ofDomain.get(1).key()).isNotEqualTo(ofDomain.get(3).key());
        });

        List<SimulatedEvent> before = staged(Scenario.REQUEST_BEFORE_DIRECT_OWNER);
        assertThat(requests(Scenario.REQUEST_BEFORE_DIRECT_OWNER)).isNotEmpty().allSatisfy((domain, requests) -> {
            SimulatedEvent assigned = before.stream().filter(e -> e.type().equals("DirectOwnerAssigned") && e.key().equals(domain))
                    .findFirst().orElseThrow();
            assertThat(requests).singleElement().satisfies(request -> assertThat(request.time()).isBefore(assigned.time()));
        });
    }

    @Test
    @DisplayName("C2: deals amended into another currency of the T2 table in force")
    void dealsChangeCurrency() {
        Map<String, String> currencyOfDeal = new HashMap<>();
        int changed = 0;
        for (SimulatedEvent event : history) {
            switch (ContractCheck.read(event).data()) {
                case DealClosed deal -> currencyOfDeal.put(deal.dealId(), deal.mrr().currency());
                case DealAmended amendment -> {
                    String before = currencyOfDeal.put(amendment.dealId(), amendment.mrr().currency());
                    if (event.scenario() == Scenario.DEAL_CURRENCY_CHANGED) {
                        assertThat(amendment.mrr().currency()).isNotEqualTo(before);
                        assertThat(ProgramCurrencies.table().at(event.time()).hundredUsdIn(amendment.mrr().currency())).isPresent();
                        changed++;
                    } else {
                        assertThat(amendment.mrr().currency()).isEqualTo(before);
                    }
                }
                default -> {
                }
            }
        }
        assertThat(changed).isGreaterThanOrEqualTo(SETTINGS.months() - 1);
    }

    @Test
    @DisplayName("B3: deals, amendments, churns and accounts dated seconds after a month end, right behind its tick")
    void factsRightBehindTheTick() {
        Set<String> types = new java.util.HashSet<>();
        Instant lastTick = null;
        boolean onlyStagedSinceTick = false;
        for (SimulatedEvent event : history) {
            if (event.isTick()) {
                lastTick = event.time();
                onlyStagedSinceTick = true;
            } else if (event.scenario() == Scenario.RIGHT_AFTER_MONTH_END) {
                assertThat(event.time()).isAfter(lastTick).isBefore(lastTick.plusSeconds(60));
                assertThat(lastTick.atOffset(ZoneOffset.UTC).getDayOfMonth()).isEqualTo(1);
                assertThat(onlyStagedSinceTick).as("right behind the tick: %s", event.json()).isTrue();
                types.add(event.type());
            } else if (event.scenario() != Scenario.REDELIVERY) {
                onlyStagedSinceTick = false;
            }
        }
        assertThat(types).contains("DealClosed", "DealAmended", "DealChurned", "AccountManaged");
    }

    // ----- helpers -----

    private record Request(String partner, Instant time) {
    }

    private static List<SimulatedEvent> staged(Scenario scenario) {
        return history.stream().filter(e -> e.scenario() == scenario).toList();
    }

    /** The staged requests per domain, in history order. */
    private static Map<String, List<Request>> requests(Scenario scenario) {
        Map<String, List<Request>> byDomain = new HashMap<>();
        for (SimulatedEvent event : staged(scenario)) {
            if (ContractCheck.read(event).data() instanceof DomainRegistrationRequested request) {
                byDomain.computeIfAbsent(request.domain().toLowerCase(Locale.ROOT), d -> new ArrayList<>())
                        .add(new Request(request.partnerId(), event.time()));
            }
        }
        return byDomain;
    }

    private static String domainOf(SimulatedEvent event) {
        return switch (ContractCheck.read(event).data()) {
            case DomainRegistrationRequested request -> request.domain();
            case DirectOwnerAssigned assigned -> assigned.domain();
            case DirectOwnerUnassigned unassigned -> unassigned.domain();
            default -> "";
        };
    }

    private static YearMonth month(Instant time) {
        return YearMonth.from(time.atOffset(ZoneOffset.UTC));
    }
}
