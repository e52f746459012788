package dev.prm.tier.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.Versioned;
import dev.prm.tier.domain.AccountHistory;
import dev.prm.tier.domain.AccountPeriod;
import dev.prm.tier.domain.DealFacts;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.TierCalendar;
import dev.prm.tier.domain.TierDefaults;
import dev.prm.tier.domain.TierOutlook;

/**
 * Issue 18: an outlook taken with no later facts comes true. Seeded random histories (deals, amendments, accounts that
 * change and end, migrated tiers, a raised table) are cut at a random asOf; the Partner aggregate then runs every month
 * end and re-evaluation up to the next re-evaluation, and its decisions must be the outlook's.
 */
class TierOutlookComesTrueTest {

    private static final Instant START = Instant.parse("2022-01-01T00:00:00Z");
    private static final ThresholdTable RAISED = ThresholdTable.of("250", "150", "500", "250", "1200", "600", "6000", "3500");
    private static final Versioned<ThresholdTable> THRESHOLDS = TierDefaults.thresholds()
            .with(new Versioned.Version<>("raised-2022-07-16", Instant.parse("2022-07-16T00:00:00Z"), RAISED));
    private static final TierCalendar CALENDAR = TierCalendar.programDefault();
    private static final PointsCalculator CALCULATOR = new PointsCalculator(TierDefaults.pointsPolicy());
    private static final TierOutlook OUTLOOKS = new TierOutlook(CALCULATOR, () -> THRESHOLDS, CALENDAR);

    @Test
    void every_outlook_taken_with_no_later_facts_comes_true_at_the_next_month_end_and_the_next_re_evaluation() {
        int atRisk = 0;
        int checked = 0;
        for (long seed = 1; checked < 120; seed++) {
            Random random = new Random(seed);
            List<Fact> history = history(random);
            Instant asOf = START.plus(Duration.ofMinutes(random.nextLong(Duration.ofDays(540).toMinutes())));
            List<Fact> known = history.stream().filter(fact -> !fact.at().isAfter(asOf)).toList();
            if (known.isEmpty()) {
                continue;
            }
            checked++;
            if (check("seed " + seed + ", asOf " + asOf, known, asOf)) {
                atRisk++;
            }
        }
        assertThat(atRisk).as("the histories include partners at risk").isGreaterThan(10).isLessThan(checked);
    }

    /** Runs the aggregate from the facts known at asOf to the next re-evaluation; returns whether the outlook was at risk. */
    private static boolean check(String sample, List<Fact> known, Instant asOf) {
        TierOutlook.Outlook outlook = OUTLOOKS.at(standing(known, asOf));
        Instant monthEnd = outlook.nextMonthEnd().at();
        Instant reevaluation = outlook.nextReevaluation().at();

        List<Object> commands = new ArrayList<>(known.stream().map(Fact::command).toList());
        for (TierCalendar.Decision decision : CALENDAR.between(START, monthEnd.isAfter(reevaluation) ? monthEnd : reevaluation)) {
            if (decision.kind() == TierCalendar.Kind.MONTH_END) {
                commands.add(new EvaluateMonth("P", decision.at()));
                commands.add(new AssessTierOutlook("P", decision.at()));
            } else {
                commands.add(new Reevaluate("P", decision.at()));
            }
        }
        List<Object> events = run(commands);

        MonthEvaluated evaluated = events.stream().filter(MonthEvaluated.class::isInstance).map(MonthEvaluated.class::cast)
                .filter(evaluation -> evaluation.monthEnd().equals(monthEnd)).findFirst().orElseThrow();
        assertThat(evaluated.qualifiedTier()).as(sample).isEqualTo(outlook.nextMonthEnd().qualifiedTier());
        assertThat(evaluated.points()).as(sample).isEqualTo(outlook.nextMonthEnd().points());
        assertThat(evaluated.thresholdsVersion()).as(sample).isEqualTo(outlook.nextMonthEnd().thresholdsVersion());
        assertThat(tierAt(events, monthEnd)).as(sample + ": the tier after the month end").isEqualTo(outlook.nextMonthEnd().tier());
        assertThat(tierAt(events, reevaluation)).as(sample + ": the tier after the re-evaluation")
                .isEqualTo(outlook.nextReevaluation().tier());
        assertThat(tierAt(events, asOf).isAbove(tierAt(events, reevaluation))).as(sample + ": at risk came true")
                .isEqualTo(outlook.atRisk());

        List<PartnerTierAtRisk> warnings = events.stream().filter(PartnerTierAtRisk.class::isInstance).map(PartnerTierAtRisk.class::cast)
                .filter(warning -> warning.reEvaluationAt().equals(reevaluation)).toList();
        assertThat(warnings).as(sample + ": at most once per re-evaluation").hasSizeLessThanOrEqualTo(1);
        if (outlook.atRisk() && monthEnd.isBefore(reevaluation)) {
            assertThat(warnings).as(sample + ": TierAtRisk published by the next month end").hasSize(1);
            assertThat(warnings.getFirst().effectiveAt()).as(sample).isBeforeOrEqualTo(monthEnd);
        }
        if (!outlook.atRisk()) {
            assertThat(warnings).as(sample + ": no warning after an outlook that keeps the tier")
                    .allMatch(warning -> !warning.effectiveAt().isAfter(asOf));
        }
        return outlook.atRisk();
    }

    private static List<Object> run(List<Object> commands) {
        AggregateTestFixture<Partner> fixture = new AggregateTestFixture<>(Partner.class);
        fixture.registerInjectableResource(CALCULATOR);
        fixture.registerInjectableResource((ThresholdCatalog) () -> THRESHOLDS);
        fixture.registerInjectableResource(OUTLOOKS);
        fixture.givenCommands(commands.subList(0, commands.size() - 1)).when(commands.getLast()).expectSuccessfulHandlerExecution();
        return fixture.getEventStore().readEvents("P").asStream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    /** The tier in force at t: the last change effective at or before it, changes of one instant in the order made. */
    private static Tier tierAt(List<Object> events, Instant t) {
        return events.stream().filter(PartnerTierChanged.class::isInstance).map(PartnerTierChanged.class::cast)
                .filter(change -> !change.effectiveAt().isAfter(t))
                .sorted(Comparator.comparing(PartnerTierChanged::effectiveAt)) // stable: same-instant changes stay in order
                .reduce((first, second) -> second).map(PartnerTierChanged::to).orElse(Tier.SOLUTIONS_PARTNER);
    }

    /** What the read models hold at asOf, built from the facts alone; the tier and evaluations from the aggregate's run to asOf. */
    private static TierOutlook.Standing standing(List<Fact> known, Instant asOf) {
        Map<String, DealFacts.DatedMrr> closes = new HashMap<>();
        Map<String, DealFacts> deals = new HashMap<>();
        Map<String, List<DealFacts.DatedMrr>> amendments = new HashMap<>();
        Map<String, AccountHistory> accounts = new HashMap<>();
        for (Fact fact : known) {
            switch (fact.command()) {
                case RecordDealClosed deal -> {
                    closes.put(deal.dealId(), new DealFacts.DatedMrr(deal.mrr(), deal.closedAt()));
                    deals.put(deal.dealId(), new DealFacts(deal.dealId(), deal.customerDomain(), deal.customerCountry(), deal.mrr(),
                            deal.closedAt()));
                }
                case RecordDealAmended amendment -> amendments.computeIfAbsent(amendment.dealId(), id -> new ArrayList<>())
                        .add(new DealFacts.DatedMrr(amendment.mrr(), amendment.amendedAt()));
                case RecordAccountManaged account -> accounts.computeIfAbsent(account.accountId(), AccountHistory::new)
                        .managed(account.customerDomain(), account.customerCountry(), account.mrr(), account.at());
                case RecordAccountReleased release -> accounts.computeIfAbsent(release.accountId(), AccountHistory::new).released(release.at());
                default -> {
                }
            }
        }
        List<DealFacts> dealFacts = deals.values().stream().map(deal -> {
            DealFacts.DatedMrr mrr = DealFacts.mrrAt(closes.get(deal.dealId()), amendments.getOrDefault(deal.dealId(), List.of()), asOf);
            return new DealFacts(deal.dealId(), deal.customerDomain(), deal.customerCountry(), mrr.mrr(), deal.closedAt(), mrr.at());
        }).toList();
        List<AccountPeriod> periods = accounts.values().stream().flatMap(account -> account.periods().stream()).toList();
        Instant existsSince = known.stream().map(Fact::at).min(Comparator.naturalOrder()).orElseThrow();

        // the decisions up to asOf, as the live steps made them
        List<Object> commands = new ArrayList<>(known.stream().map(Fact::command).toList());
        for (TierCalendar.Decision decision : CALENDAR.between(START, asOf)) {
            commands.add(decision.kind() == TierCalendar.Kind.MONTH_END ? new EvaluateMonth("P", decision.at())
                    : new Reevaluate("P", decision.at()));
        }
        commands.add(new AssessTierOutlook("P", START)); // a command that changes nothing, to end the run
        List<Object> events = run(commands);
        NavigableMap<Instant, TierOutlook.Evaluation> evaluations = new TreeMap<>();
        events.stream().filter(MonthEvaluated.class::isInstance).map(MonthEvaluated.class::cast)
                .forEach(evaluation -> evaluations.put(evaluation.monthEnd(),
                        new TierOutlook.Evaluation(evaluation.qualifiedTier(), evaluation.points())));
        return new TierOutlook.Standing(asOf, tierAt(events, asOf), existsSince, dealFacts, periods, evaluations);
    }

    private record Fact(Instant at, Object command) {
    }

    /** A partner's facts over 18 months: sizes around the GOLD and PLATINUM thresholds, some in an emerging market. */
    private static List<Fact> history(Random random) {
        List<Fact> facts = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            Instant enrolled = instant(random);
            Tier migrated = random.nextBoolean() ? Tier.GOLD : Tier.PLATINUM;
            facts.add(new Fact(enrolled, new RecordEnrolment("P", "Partner", PartnerKind.SOLUTIONS_PARTNER, "JP", migrated, enrolled)));
        }
        int deals = random.nextInt(7);
        for (int n = 0; n < deals; n++) {
            Instant closed = instant(random);
            String country = random.nextInt(4) == 0 ? "IN" : "US";
            facts.add(new Fact(closed, new RecordDealClosed("P", "D" + n, "d" + n + ".com", country, usd(random, 400, 4000), closed)));
            if (random.nextInt(5) == 0) {
                Instant amended = closed.plus(Duration.ofDays(1 + random.nextInt(90)));
                facts.add(new Fact(amended, new RecordDealAmended("P", "D" + n, usd(random, 100, 3000), amended)));
            }
        }
        int accounts = random.nextInt(3);
        for (int n = 0; n < accounts; n++) {
            Instant managed = instant(random);
            facts.add(new Fact(managed, new RecordAccountManaged("P", "A" + n, "a" + n + ".com", "US", usd(random, 1000, 9000), managed)));
            if (random.nextBoolean()) {
                Instant next = managed.plus(Duration.ofDays(1 + random.nextInt(200)));
                facts.add(random.nextBoolean() ? new Fact(next, new RecordAccountReleased("P", "A" + n, next))
                        : new Fact(next, new RecordAccountManaged("P", "A" + n, "a" + n + ".com", "US", usd(random, 1000, 9000), next)));
            }
        }
        facts.sort(Comparator.comparing(Fact::at));
        return facts;
    }

    private static Instant instant(Random random) {
        return START.plus(Duration.ofMinutes(1 + random.nextLong(Duration.ofDays(540).toMinutes())));
    }

    private static Money usd(Random random, int from, int to) {
        return new Money(String.valueOf(from + random.nextInt(to - from)), "USD");
    }
}
