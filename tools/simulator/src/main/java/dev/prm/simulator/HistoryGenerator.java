package dev.prm.simulator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.Customer;
import dev.prm.contracts.EventType;
import dev.prm.contracts.Money;
import dev.prm.contracts.crm.AccountManaged;
import dev.prm.contracts.crm.AccountReleased;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealChurned;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.DirectOwnerAssigned;
import dev.prm.contracts.crm.DirectOwnerUnassigned;
import dev.prm.contracts.crm.DomainRegistrationExtensionRequested;
import dev.prm.contracts.crm.DomainRegistrationReleased;
import dev.prm.contracts.crm.DomainRegistrationRequested;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.contracts.crm.TimePassed;
import dev.prm.program.CurrencyTable;
import dev.prm.program.ProgramCurrencies;
import dev.prm.program.Versioned;
import dev.prm.simulator.PartnerProfile.OverCapPlan;
import dev.prm.simulator.SimulatedEvent.Scenario;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pass over a simulated history, generated as it is pulled: day by day, each day's facts in time order, a
 * TimePassed tick after the last fact of every month (and on the 15th with mid-month ticks). Memory holds the
 * partners' current state (bounded per partner) and one day's time slots, never the history.
 */
public final class HistoryGenerator implements Iterator<SimulatedEvent> {

    static final String SOURCE = "/crm-simulator";

    private static final int MAX_OPEN_DEALS = 48;
    private static final int MAX_ACCOUNTS = 24;
    private static final int MAX_DIRECT_DOMAINS = 1_000;
    private static final int DIRECT_SELLERS = 40;
    private static final double WEEKEND_ACTIVITY = 0.25;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a partner does in an activity slot, with its weight per thousand. */
    private enum Action {
        CLOSE_DEAL(360), AMEND_DEAL(60), CHURN_DEAL(40),
        MANAGE_ACCOUNT(80), CHANGE_ACCOUNT(50), RELEASE_ACCOUNT(30),
        REGISTER(200), EXTEND(40), RELEASE_REGISTRATION(50),
        REQUEST_OWN_DOMAIN_AGAIN(15), REQUEST_OTHERS_DOMAIN(15),
        ASSIGN_DIRECT_OWNER(15), ASSIGN_DIRECT_OWNER_TO_HELD(10), UNASSIGN_DIRECT_OWNER(10), REQUEST_DIRECT_DOMAIN(15);

        private final int weight;

        Action(int weight) {
            this.weight = weight;
        }

        private static final Action[] ALL = values();
        private static final int TOTAL = Arrays.stream(ALL).mapToInt(a -> a.weight).sum();

        static Action pick(Random random) {
            int draw = random.nextInt(TOTAL);
            for (Action action : ALL) {
                draw -= action.weight;
                if (draw < 0) {
                    return action;
                }
            }
            throw new IllegalStateException();
        }
    }

    private enum SlotKind { TICK, ENROL, PLANNED, ACTIVITY, STAGED }

    private enum PlanKind { ANCHOR_DEAL, OVER_CAP_REGISTRATION, EXTEND_ALL, RELEASE_DOWN, FACT_BEFORE_ENROLMENT }

    /** A step of a conflict staged on purpose: its start, or a later fact of it. */
    private enum Step { START, REQUEST_REFUSED, REQUEST_GRANTED, RELEASE, ASSIGN, UNASSIGN }

    /** @param conflict which one (a staged scenario); {@code domain} and {@code owner} once the start chose them */
    private record Stage(Step step, Scenario conflict, String domain, String owner) {
    }

    private record Slot(Instant time, SlotKind kind, long order, int partner, PlanKind plan, Stage stage) {
        static final Comparator<Slot> ORDER = Comparator.comparing(Slot::time).thenComparing(Slot::kind).thenComparingLong(Slot::order);

        Slot(Instant time, SlotKind kind, long order, int partner, PlanKind plan) {
            this(time, kind, order, partner, plan, null);
        }
    }

    /** Conflicts staged each month at a random time, all their steps within the next {@link #STAGE_DAYS} days. */
    private static final List<Scenario> STAGED_CONFLICTS = List.of(Scenario.SAME_DOMAIN_TWO_PARTNERS, Scenario.REQUEST_AROUND_RELEASE,
            Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, Scenario.REQUEST_BEFORE_DIRECT_OWNER, Scenario.DEAL_CURRENCY_CHANGED);
    private static final int STAGE_DAYS = 7;
    /** Partitions of the inbound topics on the local stack (prm.topics.partitions): staged partners are keyed apart. */
    static final int STACK_PARTITIONS = 4;

    private record Deal(String dealId, Money mrr) {
    }

    private record Account(String accountId, Customer customer, Money mrr) {
    }

    private static final class Registration {
        final String domain;
        final Country country;
        final Instant registeredAt;
        Instant validUntil;
        boolean extended;

        Registration(String domain, Country country, Instant registeredAt) {
            this.domain = domain;
            this.country = country;
            this.registeredAt = registeredAt;
            this.validUntil = plusMonths(registeredAt, 6);
        }
    }

    private static final class PartnerState {
        final PartnerProfile profile;
        final List<Deal> openDeals = new ArrayList<>();
        final List<Account> accounts = new ArrayList<>();
        final List<Registration> registrations = new ArrayList<>();
        int dealSequence;
        int accountSequence;

        PartnerState(PartnerProfile profile) {
            this.profile = profile;
        }

        /** SPEC R5: a registration is active while registeredAt ≤ t < validUntil. */
        List<Registration> active(Instant at) {
            registrations.removeIf(r -> !at.isBefore(r.validUntil));
            return registrations;
        }
    }

    private final SimulationSettings settings;
    private final Random random;
    /** Whether a fact is redelivered or followed by a malformed message: its own stream, so the shares change nothing else. */
    private final Random noise;
    /** What the malformed messages look like: drawn only when there are some. */
    private final Random corruption;
    /** When and between whom conflicts are staged: drawn only when there are some. */
    private final Random staging;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final Versioned<CurrencyTable> currencies = ProgramCurrencies.table();
    private final PartnerState[] partners;
    private final PartnerProfile[] byFirstFact;
    private final PartnerProfile[] byEnrolment;
    private final WeightedPicker activity;
    private final PriorityQueue<Slot> planned = new PriorityQueue<>(Slot.ORDER);
    private final List<String> directlyOwned = new ArrayList<>();
    private final ArrayDeque<SimulatedEvent> ready = new ArrayDeque<>();
    private final HistoryStatistics statistics = new HistoryStatistics();
    private final LocalDate endDay;
    private int eligible;
    private int enrolled;
    private long serial;
    private long slotOrder;
    private LocalDate day;
    private List<Slot> slots;
    private int slotIndex;
    private boolean opened;
    private boolean finished;
    private int largestDay;
    private int rightAfterMonthEnd;

    HistoryGenerator(SimulationSettings settings, List<PartnerProfile> population) {
        this.settings = settings;
        this.random = new Random(settings.seed() * 0x9E3779B97F4A7C15L + 1);
        this.noise = new Random(settings.seed() * 0xC2B2AE3D27D4EB4FL + 2);
        this.corruption = new Random(settings.seed() * 0x165667B19E3779F9L + 3);
        this.staging = new Random(settings.seed() * 0x27D4EB2F165667C5L + 4);
        this.partners = population.stream().map(PartnerState::new).toArray(PartnerState[]::new);
        this.byFirstFact = population.stream().sorted(Comparator.comparing(PartnerProfile::firstFactAt)
                .thenComparingInt(PartnerProfile::index)).toArray(PartnerProfile[]::new);
        this.byEnrolment = population.stream().sorted(Comparator.comparing(PartnerProfile::enrolledAt)
                .thenComparingInt(PartnerProfile::index)).toArray(PartnerProfile[]::new);
        this.activity = new WeightedPicker(population.size());
        this.endDay = settings.start().plusMonths(settings.months()).atDay(1);
        population.forEach(this::plan);
    }

    /** Counts of what was generated so far: complete once the pass is over. */
    public HistoryStatistics statistics() {
        return statistics;
    }

    /** The most time slots held at once (one day's): what bounds this pass's memory besides the partners' state. */
    int largestDay() {
        return largestDay;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
            step();
        }
        return !ready.isEmpty();
    }

    @Override
    public SimulatedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the history is over");
        }
        return ready.poll();
    }

    private void step() {
        if (!opened) {
            opened = true;
            day = settings.start().atDay(1);
            tick(settings.startInstant());
            return;
        }
        if (slots == null) {
            if (!day.isBefore(endDay)) {
                finished = true;
                return;
            }
            slots = slotsOf(day);
            slotIndex = 0;
            largestDay = Math.max(largestDay, slots.size());
        }
        if (slotIndex < slots.size()) {
            play(slots.get(slotIndex++));
            return;
        }
        slots = null;
        day = day.plusDays(1);
        if (day.getDayOfMonth() == 1) {
            // the month's facts are all out: its month end may close
            tick(startOf(day));
        }
    }

    private List<Slot> slotsOf(LocalDate date) {
        Instant dayStart = startOf(date);
        Instant dayEnd = startOf(date.plusDays(1));
        List<Slot> list = new ArrayList<>();
        if (date.getDayOfMonth() == 1) {
            stageConflicts(date);
        }
        if (settings.midMonthTicks() && date.getDayOfMonth() == 15) {
            list.add(new Slot(dayStart, SlotKind.TICK, slotOrder++, -1, null));
        }
        int activities = activitiesOn(date);
        for (int i = 0; i < activities; i++) {
            list.add(new Slot(dayStart.plusSeconds(1 + random.nextInt(86_399)), SlotKind.ACTIVITY, slotOrder++, -1, null));
        }
        while (enrolled < byEnrolment.length && byEnrolment[enrolled].enrolledAt().isBefore(dayEnd)) {
            list.add(new Slot(byEnrolment[enrolled].enrolledAt(), SlotKind.ENROL, slotOrder++, byEnrolment[enrolled].index(), null));
            enrolled++;
        }
        while (!planned.isEmpty() && planned.peek().time().isBefore(dayEnd)) {
            list.add(planned.poll());
        }
        list.sort(Slot.ORDER);
        return list;
    }

    /** The month's activity spread over its days, weekends quieter, the rounding carried so the month adds up. */
    private int activitiesOn(LocalDate date) {
        double total = 0;
        double before = 0;
        for (LocalDate d = date.withDayOfMonth(1); d.getMonth() == date.getMonth(); d = d.plusDays(1)) {
            double weight = weight(d);
            total += weight;
            if (d.isBefore(date)) {
                before += weight;
            }
        }
        long upTo = Math.round(settings.eventsPerMonth() * (before + weight(date)) / total);
        long until = Math.round(settings.eventsPerMonth() * before / total);
        return (int) (upTo - until);
    }

    private static double weight(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY ? WEEKEND_ACTIVITY : 1;
    }

    private void play(Slot slot) {
        switch (slot.kind()) {
            case TICK -> tick(slot.time());
            case ENROL -> enrol(partners[slot.partner()], slot.time());
            case PLANNED -> carryOut(slot.plan(), partners[slot.partner()], slot.time());
            case ACTIVITY -> act(slot.time());
            case STAGED -> carryOut(slot.stage(), slot.partner(), slot.time());
        }
    }

    private void tick(Instant time) {
        emit(write(CrmEvents.TIME_PASSED, SimulatedEvent.CLOCK_KEY, time, null, new TimePassed(), Scenario.ORDINARY));
    }

    private void enrol(PartnerState partner, Instant time) {
        PartnerProfile p = partner.profile;
        statistics.partner(p);
        emit(write(CrmEvents.PARTNER_ENROLLED, p.partnerId(), time, p.partnerId(),
                new PartnerEnrolled(p.partnerId(), p.name(), p.kind(), p.country().code(), p.migratedTier()), Scenario.ORDINARY));
    }

    // ----- planned scenarios: over-cap partners and facts before an enrolment -----

    private void plan(PartnerProfile partner) {
        if (partner.enrolsLate()) {
            schedule(partner.firstFactAt(), partner, PlanKind.FACT_BEFORE_ENROLMENT);
        }
        OverCapPlan overCap = partner.overCap();
        if (overCap == null) {
            return;
        }
        schedule(overCap.registerFrom().minus(Duration.ofHours(1)), partner, PlanKind.ANCHOR_DEAL);
        for (int i = 0; i < overCap.domains(); i++) {
            schedule(overCap.registerFrom().plus(OverCapPlan.SPACING.multipliedBy(i)), partner, PlanKind.OVER_CAP_REGISTRATION);
        }
        if (overCap.extendAt() != null) {
            schedule(overCap.extendAt(), partner, PlanKind.EXTEND_ALL);
        }
        if (overCap.releaseAt() != null) {
            schedule(overCap.releaseAt(), partner, PlanKind.RELEASE_DOWN);
        }
    }

    private void schedule(Instant time, PartnerProfile partner, PlanKind kind) {
        if (time.isBefore(settings.endInstant())) {
            planned.add(new Slot(time, SlotKind.PLANNED, slotOrder++, partner.index(), kind));
        }
    }

    private void carryOut(PlanKind plan, PartnerState partner, Instant time) {
        switch (plan) {
            case ANCHOR_DEAL -> closeDeal(partner, time, 1_500);
            case FACT_BEFORE_ENROLMENT -> closeDeal(partner, time, usd(450, 1.0));
            case OVER_CAP_REGISTRATION -> register(partner, time, Scenario.OVER_CAP_REGISTRATION);
            case EXTEND_ALL -> {
                for (Registration registration : partner.active(time)) {
                    if (!registration.extended) {
                        extend(partner, registration, time);
                    }
                }
            }
            case RELEASE_DOWN -> {
                List<Registration> active = partner.active(time);
                while (active.size() > OverCapPlan.KEEP) {
                    release(partner, active.getFirst(), time);
                }
            }
        }
    }

    // ----- arrival-order conflicts staged on purpose (SPEC B3; SimulationSettings.conflictsPerMonth) -----

    /**
     * On a month's first day: each conflict {@code conflictsPerMonth} times, at a random time early enough for its last
     * step to fall in the same month; and as many facts seconds after the month end, right behind its tick (not in the
     * first month: no month has ended before it).
     */
    private void stageConflicts(LocalDate first) {
        Instant monthStart = startOf(first);
        for (int i = 0; i < settings.conflictsPerMonth(); i++) {
            for (Scenario conflict : STAGED_CONFLICTS) {
                int day = 1 + staging.nextInt(first.lengthOfMonth() - STAGE_DAYS - 1);
                stage(monthStart.plus(Duration.ofDays(day)).plusSeconds(staging.nextInt(43_200)), -1, Step.START, conflict, null, null);
            }
            if (!first.equals(settings.start().atDay(1))) {
                stage(monthStart.plusSeconds(1 + i), -1, Step.START, Scenario.RIGHT_AFTER_MONTH_END, null, null);
            }
        }
    }

    private void stage(Instant time, int partner, Step step, Scenario conflict, String domain, String owner) {
        if (time.isBefore(settings.endInstant())) {
            planned.add(new Slot(time, SlotKind.STAGED, slotOrder++, partner, null, new Stage(step, conflict, domain, owner)));
        }
    }

    /** A later step {@code days} days (and a few hours) on: steps a day or more apart keep their order. */
    private void later(Instant time, int days, PartnerState partner, Step step, Scenario conflict, String domain, String owner) {
        stage(time.plus(Duration.ofDays(days)).plus(Duration.ofMinutes(staging.nextInt(360))), partner == null ? -1 : partner.profile.index(),
                step, conflict, domain, owner);
    }

    private void carryOut(Stage stage, int partnerIndex, Instant time) {
        PartnerState partner = partnerIndex < 0 ? null : partners[partnerIndex];
        switch (stage.step()) {
            case START -> startConflict(stage.conflict(), time);
            case REQUEST_REFUSED -> request(partner, stage.domain(), time, stage.conflict());
            case REQUEST_GRANTED -> {
                if (partner.active(time).size() < partner.profile.registrationLimit()) {
                    partner.registrations.add(new Registration(stage.domain(), partner.profile.country(), time));
                }
                request(partner, stage.domain(), time, stage.conflict());
            }
            case RELEASE -> partner.active(time).stream().filter(r -> r.domain.equals(stage.domain())).findFirst()
                    .ifPresent(held -> release(partner, held, time, stage.conflict()));
            case ASSIGN -> assignDirectOwner(stage.domain(), stage.owner(), time, stage.conflict());
            case UNASSIGN -> unassignDirectOwner(stage.domain(), time, stage.conflict());
        }
    }

    private void startConflict(Scenario conflict, Instant time) {
        admitPartners(time);
        switch (conflict) {
            case SAME_DOMAIN_TWO_PARTNERS -> sameDomainTwoPartners(time);
            case REQUEST_AROUND_RELEASE -> requestAroundRelease(time);
            case REQUEST_BETWEEN_DIRECT_OWNERS -> requestBetweenDirectOwners(time);
            case REQUEST_BEFORE_DIRECT_OWNER -> requestBeforeDirectOwner(time);
            case DEAL_CURRENCY_CHANGED -> amendIntoAnotherCurrency(time);
            case RIGHT_AFTER_MONTH_END -> factRightAfterMonthEnd(time);
            default -> throw new IllegalStateException(conflict + " is not staged");
        }
    }

    /** Two partners ask for one new domain days apart: in time order the first gets it, the second is refused. */
    private void sameDomainTwoPartners(Instant time) {
        PartnerState first = stagedPartner(time, true);
        PartnerState second = first == null ? null : stagedPartner(time, false, first);
        if (second != null) {
            String domain = register(first, time, Scenario.SAME_DOMAIN_TWO_PARTNERS);
            later(time, 2 + staging.nextInt(4), second, Step.REQUEST_REFUSED, Scenario.SAME_DOMAIN_TWO_PARTNERS, domain, null);
        }
    }

    /** A partner registers a domain, another asks for it, the holder releases it, a third asks and gets it. */
    private void requestAroundRelease(Instant time) {
        PartnerState holder = stagedPartner(time, true);
        PartnerState before = holder == null ? null : stagedPartner(time, false, holder);
        PartnerState after = before == null ? null : stagedPartner(time, true, holder, before);
        if (after != null) {
            String domain = register(holder, time, Scenario.REQUEST_AROUND_RELEASE);
            later(time, 1, before, Step.REQUEST_REFUSED, Scenario.REQUEST_AROUND_RELEASE, domain, null);
            later(time, 3, holder, Step.RELEASE, Scenario.REQUEST_AROUND_RELEASE, domain, null);
            later(time, 5, after, Step.REQUEST_GRANTED, Scenario.REQUEST_AROUND_RELEASE, domain, null);
        }
    }

    /**
     * Direct sales owns a new domain; a partner asks for it (CHANNEL_CONFLICT with that owner); the owner is unassigned,
     * another partner asks and gets it; a second owner is assigned (a case opens, the partner keeps it: R8).
     */
    private void requestBetweenDirectOwners(Instant time) {
        PartnerState refused = stagedPartner(time, false);
        PartnerState granted = refused == null ? null : stagedPartner(time, true, refused);
        if (granted != null) {
            String domain = Names.customerDomain(staging, customerCountry(refused), serial++);
            String owner = directSeller(null);
            assignDirectOwner(domain, owner, time, Scenario.REQUEST_BETWEEN_DIRECT_OWNERS);
            later(time, 1, refused, Step.REQUEST_REFUSED, Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, domain, null);
            later(time, 2, null, Step.UNASSIGN, Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, domain, null);
            later(time, 3, granted, Step.REQUEST_GRANTED, Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, domain, null);
            later(time, 4, null, Step.ASSIGN, Scenario.REQUEST_BETWEEN_DIRECT_OWNERS, domain, directSeller(owner));
        }
    }

    /** A partner registers a new domain that direct sales is assigned days later: in time order the partner keeps it. */
    private void requestBeforeDirectOwner(Instant time) {
        PartnerState partner = stagedPartner(time, true);
        if (partner != null) {
            String domain = register(partner, time, Scenario.REQUEST_BEFORE_DIRECT_OWNER);
            later(time, 1 + staging.nextInt(3), null, Step.ASSIGN, Scenario.REQUEST_BEFORE_DIRECT_OWNER, domain, directSeller(null));
        }
    }

    /** SPEC C2: an open deal amended into another currency of the T2 table in force, worth about as much. */
    private void amendIntoAnotherCurrency(Instant time) {
        List<PartnerState> withDeals = stagedPartners(time, false).stream().filter(p -> !p.openDeals.isEmpty()).toList();
        if (withDeals.isEmpty()) {
            return;
        }
        PartnerState partner = withDeals.get(staging.nextInt(withDeals.size()));
        int which = staging.nextInt(partner.openDeals.size());
        Money mrr = partner.openDeals.get(which).mrr();
        CurrencyTable table = currencies.at(time);
        List<String> others = table.localAmountPerHundredUsd().keySet().stream().filter(c -> !c.equals(mrr.currency())).sorted().toList();
        BigDecimal usd = mrr.decimal().multiply(HUNDRED).divide(table.hundredUsdIn(mrr.currency()).orElseThrow(), MathContext.DECIMAL64);
        double worth = Math.max(20, Math.round(usd.doubleValue() * (0.8 + 0.6 * staging.nextDouble())));
        amend(partner, which, local(worth, others.get(staging.nextInt(others.size())), time), time, Scenario.DEAL_CURRENCY_CHANGED);
    }

    /**
     * Seconds after a month end: in turn a large deal, a deal amended up, a churn, a new large account. None of them
     * counts in the month end's decisions (B3), though each arrives right behind its tick.
     */
    private void factRightAfterMonthEnd(Instant time) {
        PartnerState partner = stagedPartner(time, false);
        if (partner == null) {
            return;
        }
        int kind = rightAfterMonthEnd++ % 4;
        if (kind == 0 || partner.openDeals.isEmpty() && kind < 3) {
            closeDeal(partner, time, usd(2_500, 0.5), Scenario.RIGHT_AFTER_MONTH_END);
        } else if (kind == 1) {
            int which = staging.nextInt(partner.openDeals.size());
            amend(partner, which, scaled(partner.openDeals.get(which).mrr(), 2.5), time, Scenario.RIGHT_AFTER_MONTH_END);
        } else if (kind == 2) {
            churn(partner, staging.nextInt(partner.openDeals.size()), time, Scenario.RIGHT_AFTER_MONTH_END);
        } else if (partner.accounts.size() < MAX_ACCOUNTS) {
            Country country = customerCountry(partner);
            Account account = new Account(id(partner) + "-A" + (++partner.accountSequence),
                    new Customer(Names.customerDomain(staging, country, serial++), country.code()), local(usd(1_500, 0.5), country, time));
            partner.accounts.add(account);
            manage(partner, account, time, Scenario.RIGHT_AFTER_MONTH_END);
        }
    }

    /** A staged partner, on another partition than every one of {@code apart} when there is one (null: nobody fits). */
    private PartnerState stagedPartner(Instant time, boolean withRoom, PartnerState... apart) {
        List<PartnerState> apartList = List.of(apart);
        List<PartnerState> fit = stagedPartners(time, withRoom).stream().filter(p -> !apartList.contains(p)).toList();
        List<Integer> taken = apartList.stream().map(p -> partitionOf(id(p))).toList();
        List<PartnerState> elsewhere = fit.stream().filter(p -> !taken.contains(partitionOf(id(p)))).toList();
        List<PartnerState> pool = elsewhere.isEmpty() ? fit : elsewhere;
        return pool.isEmpty() ? null : pool.get(staging.nextInt(pool.size()));
    }

    /**
     * Partners taking part by now, outside the over-cap plans (their registrations follow the plan); with room under the
     * registrations they keep when {@code withRoom}, so that a grant stays within their cap.
     */
    private List<PartnerState> stagedPartners(Instant time, boolean withRoom) {
        List<PartnerState> fit = new ArrayList<>();
        for (int i = 0; i < eligible; i++) {
            PartnerState partner = partners[byFirstFact[i].index()];
            if (partner.profile.overCap() == null && (!withRoom || partner.active(time).size() < partner.profile.registrationLimit())) {
                fit.add(partner);
            }
        }
        return fit;
    }

    private String directSeller(String other) {
        String owner;
        do {
            owner = "DS-" + (101 + staging.nextInt(DIRECT_SELLERS));
        } while (owner.equals(other));
        return owner;
    }

    /** Kafka's default partitioner for a keyed record: murmur2 of the key over the partitions. */
    static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % STACK_PARTITIONS;
    }

    // ----- everyday activity -----

    private void act(Instant time) {
        admitPartners(time);
        if (activity.isEmpty()) {
            return;
        }
        int position = activity.pick(random);
        if (position >= eligible) {
            return;
        }
        PartnerState partner = partners[byFirstFact[position].index()];
        Action action = Action.pick(random);
        if (partner.profile.overCap() != null && action.ordinal() >= Action.REGISTER.ordinal()) {
            // an over-cap partner's registrations follow its plan; otherwise it just does business
            action = Action.CLOSE_DEAL;
        }
        perform(action, partner, time);
    }

    /** Partners whose first fact is due take part from now on. */
    private void admitPartners(Instant time) {
        while (eligible < byFirstFact.length && !byFirstFact[eligible].firstFactAt().isAfter(time)) {
            activity.add(eligible, byFirstFact[eligible].activity());
            eligible++;
        }
    }

    /** Performs {@code action}, or the action it falls back to when the partner has nothing it could apply to. */
    private void perform(Action action, PartnerState partner, Instant time) {
        Action instead = switch (action) {
            case CLOSE_DEAL -> {
                closeDeal(partner, time, usd(150, 1.2));
                yield null;
            }
            case AMEND_DEAL -> amendADeal(partner, time);
            case CHURN_DEAL -> churnADeal(partner, time);
            case MANAGE_ACCOUNT -> manageANewAccount(partner, time);
            case CHANGE_ACCOUNT -> changeAnAccount(partner, time);
            case RELEASE_ACCOUNT -> releaseAnAccount(partner, time);
            case REGISTER -> registerWithinLimit(partner, time);
            case EXTEND -> extendADueRegistration(partner, time);
            case RELEASE_REGISTRATION -> releaseARegistration(partner, time);
            case REQUEST_OWN_DOMAIN_AGAIN -> requestOwnDomainAgain(partner, time);
            case REQUEST_OTHERS_DOMAIN -> requestOthersDomain(partner, time);
            case ASSIGN_DIRECT_OWNER -> assignANewDirectOwner(partner, time);
            case ASSIGN_DIRECT_OWNER_TO_HELD -> assignDirectOwnerToHeld(partner, time);
            case UNASSIGN_DIRECT_OWNER -> unassignADirectOwner(time);
            case REQUEST_DIRECT_DOMAIN -> requestADirectDomain(partner, time);
        };
        if (instead != null) {
            perform(instead, partner, time);
        }
    }

    // Each action below returns null when done, or the action to take instead.

    private Action amendADeal(PartnerState partner, Instant time) {
        if (partner.openDeals.isEmpty()) {
            return Action.CLOSE_DEAL;
        }
        int which = random.nextInt(partner.openDeals.size());
        amend(partner, which, scaled(partner.openDeals.get(which).mrr(), 0.6 + 0.9 * random.nextDouble()), time, Scenario.ORDINARY);
        return null;
    }

    private Action churnADeal(PartnerState partner, Instant time) {
        if (partner.openDeals.isEmpty()) {
            return Action.CLOSE_DEAL;
        }
        churn(partner, random.nextInt(partner.openDeals.size()), time, Scenario.ORDINARY);
        return null;
    }

    private Action manageANewAccount(PartnerState partner, Instant time) {
        if (partner.accounts.size() >= MAX_ACCOUNTS) {
            return Action.CHANGE_ACCOUNT;
        }
        Country country = customerCountry(partner);
        Customer customer = new Customer(Names.customerDomain(random, country, serial++), country.code());
        Account account = new Account(id(partner) + "-A" + (++partner.accountSequence), customer, local(usd(700, 0.9), country, time));
        partner.accounts.add(account);
        manage(partner, account, time, Scenario.ORDINARY);
        return null;
    }

    private Action changeAnAccount(PartnerState partner, Instant time) {
        if (partner.accounts.isEmpty()) {
            return Action.MANAGE_ACCOUNT;
        }
        int which = random.nextInt(partner.accounts.size());
        Account account = partner.accounts.get(which);
        Account changed = new Account(account.accountId(), account.customer(), scaled(account.mrr(), 0.7 + 0.8 * random.nextDouble()));
        partner.accounts.set(which, changed);
        manage(partner, changed, time, Scenario.ORDINARY);
        return null;
    }

    private Action releaseAnAccount(PartnerState partner, Instant time) {
        if (partner.accounts.isEmpty()) {
            return Action.MANAGE_ACCOUNT;
        }
        Account account = partner.accounts.remove(random.nextInt(partner.accounts.size()));
        partnerFact(CrmEvents.ACCOUNT_RELEASED, partner, time, new AccountReleased(account.accountId(), id(partner)), Scenario.ORDINARY);
        return null;
    }

    private Action registerWithinLimit(PartnerState partner, Instant time) {
        List<Registration> active = partner.active(time);
        if (active.size() >= partner.profile.registrationLimit()) {
            return active.isEmpty() ? Action.CLOSE_DEAL : Action.RELEASE_REGISTRATION;
        }
        register(partner, time, Scenario.ORDINARY);
        return null;
    }

    private Action extendADueRegistration(PartnerState partner, Instant time) {
        Registration due = partner.active(time).stream()
                .filter(r -> !r.extended && !time.isBefore(plusMonths(r.registeredAt, 4))).findFirst().orElse(null);
        if (due == null) {
            return Action.REGISTER;
        }
        extend(partner, due, time);
        return null;
    }

    private Action releaseARegistration(PartnerState partner, Instant time) {
        List<Registration> active = partner.active(time);
        if (active.isEmpty()) {
            return Action.CLOSE_DEAL;
        }
        release(partner, active.get(random.nextInt(active.size())), time);
        return null;
    }

    private Action requestOwnDomainAgain(PartnerState partner, Instant time) {
        List<Registration> active = partner.active(time);
        if (active.isEmpty()) {
            return Action.REGISTER;
        }
        String domain = active.get(random.nextInt(active.size())).domain;
        request(partner, random.nextBoolean() ? Names.asTyped(domain) : domain, time, Scenario.DUPLICATE_REQUEST_SAME_PARTNER);
        return null;
    }

    private Action requestOthersDomain(PartnerState partner, Instant time) {
        Registration held = someoneElsesRegistration(partner, time);
        if (held == null) {
            return Action.REGISTER;
        }
        request(partner, held.domain, time, Scenario.DUPLICATE_REQUEST_OTHER_PARTNER);
        return null;
    }

    private Action assignANewDirectOwner(PartnerState partner, Instant time) {
        if (directlyOwned.size() >= MAX_DIRECT_DOMAINS) {
            return Action.UNASSIGN_DIRECT_OWNER;
        }
        String domain = Names.customerDomain(random, customerCountry(partner), serial++);
        directlyOwned.add(domain);
        assignDirectOwner(domain, time, Scenario.ORDINARY);
        return null;
    }

    private Action assignDirectOwnerToHeld(PartnerState partner, Instant time) {
        List<Registration> active = partner.active(time);
        if (active.isEmpty()) {
            return Action.ASSIGN_DIRECT_OWNER;
        }
        assignDirectOwner(active.get(random.nextInt(active.size())).domain, time, Scenario.CONFLICT_DIRECT_OWNER_ON_HELD_DOMAIN);
        return null;
    }

    private Action unassignADirectOwner(Instant time) {
        if (directlyOwned.isEmpty()) {
            return Action.ASSIGN_DIRECT_OWNER;
        }
        unassignDirectOwner(directlyOwned.remove(random.nextInt(directlyOwned.size())), time, Scenario.ORDINARY);
        return null;
    }

    private Action requestADirectDomain(PartnerState partner, Instant time) {
        if (directlyOwned.isEmpty()) {
            return Action.ASSIGN_DIRECT_OWNER;
        }
        request(partner, directlyOwned.get(random.nextInt(directlyOwned.size())), time, Scenario.CONFLICT_REQUEST_ON_DIRECT_DOMAIN);
        return null;
    }

    private void closeDeal(PartnerState partner, Instant time, double usd) {
        closeDeal(partner, time, usd, Scenario.ORDINARY);
    }

    private void closeDeal(PartnerState partner, Instant time, double usd, Scenario scenario) {
        List<Registration> active = partner.active(time);
        // a third of the deals close on a lead the partner registered
        Country country;
        String domain;
        if (!active.isEmpty() && random.nextInt(3) == 0) {
            Registration lead = active.get(random.nextInt(active.size()));
            country = lead.country;
            domain = lead.domain;
        } else {
            country = customerCountry(partner);
            domain = Names.customerDomain(random, country, serial++);
        }
        Money mrr = local(usd, country, time);
        Deal deal = new Deal(id(partner) + "-D" + (++partner.dealSequence), mrr);
        if (partner.openDeals.size() >= MAX_OPEN_DEALS) {
            partner.openDeals.removeFirst();
        }
        partner.openDeals.add(deal);
        statistics.deal(usd, mrr.currency());
        partnerFact(CrmEvents.DEAL_CLOSED, partner, time,
                new DealClosed(deal.dealId(), id(partner), new Customer(domain, country.code()), mrr), scenario);
    }

    private void amend(PartnerState partner, int which, Money mrr, Instant time, Scenario scenario) {
        Deal deal = partner.openDeals.get(which);
        partner.openDeals.set(which, new Deal(deal.dealId(), mrr));
        partnerFact(CrmEvents.DEAL_AMENDED, partner, time, new DealAmended(deal.dealId(), id(partner), mrr), scenario);
    }

    private void churn(PartnerState partner, int which, Instant time, Scenario scenario) {
        Deal deal = partner.openDeals.remove(which);
        partnerFact(CrmEvents.DEAL_CHURNED, partner, time, new DealChurned(deal.dealId(), id(partner)), scenario);
    }

    private void manage(PartnerState partner, Account account, Instant time, Scenario scenario) {
        partnerFact(CrmEvents.ACCOUNT_MANAGED, partner, time,
                new AccountManaged(account.accountId(), id(partner), account.customer(), account.mrr()), scenario);
    }

    private String register(PartnerState partner, Instant time, Scenario scenario) {
        Country country = customerCountry(partner);
        Registration registration = new Registration(Names.customerDomain(random, country, serial++), country, time);
        partner.active(time).add(registration);
        request(partner, registration.domain, time, scenario);
        return registration.domain;
    }

    private void request(PartnerState partner, String domain, Instant time, Scenario scenario) {
        partnerFact(CrmEvents.DOMAIN_REGISTRATION_REQUESTED, partner, time, new DomainRegistrationRequested(id(partner), domain), scenario);
    }

    /** SPEC R4: by 3 months, counted from the registration. */
    private void extend(PartnerState partner, Registration registration, Instant time) {
        registration.extended = true;
        registration.validUntil = plusMonths(registration.registeredAt, 9);
        partnerFact(CrmEvents.DOMAIN_REGISTRATION_EXTENSION_REQUESTED, partner, time,
                new DomainRegistrationExtensionRequested(id(partner), registration.domain), Scenario.ORDINARY);
    }

    private void release(PartnerState partner, Registration registration, Instant time) {
        release(partner, registration, time, Scenario.ORDINARY);
    }

    private void release(PartnerState partner, Registration registration, Instant time, Scenario scenario) {
        partner.registrations.remove(registration);
        partnerFact(CrmEvents.DOMAIN_REGISTRATION_RELEASE_REQUESTED, partner, time,
                new DomainRegistrationReleased(id(partner), registration.domain), scenario);
    }

    private void assignDirectOwner(String domain, Instant time, Scenario scenario) {
        assignDirectOwner(domain, "DS-" + (101 + random.nextInt(DIRECT_SELLERS)), time, scenario);
    }

    private void assignDirectOwner(String domain, String owner, Instant time, Scenario scenario) {
        emit(write(CrmEvents.DIRECT_OWNER_ASSIGNED, domain, time, domain, new DirectOwnerAssigned(domain, owner), scenario));
    }

    private void unassignDirectOwner(String domain, Instant time, Scenario scenario) {
        emit(write(CrmEvents.DIRECT_OWNER_UNASSIGNED, domain, time, domain, new DirectOwnerUnassigned(domain), scenario));
    }

    /** A registration another partner holds now, if a few tries find one. */
    private Registration someoneElsesRegistration(PartnerState asking, Instant time) {
        for (int attempt = 0; attempt < 8 && eligible > 1; attempt++) {
            PartnerState other = partners[byFirstFact[random.nextInt(eligible)].index()];
            List<Registration> held = other.active(time);
            if (other != asking && !held.isEmpty()) {
                return held.get(random.nextInt(held.size()));
            }
        }
        return null;
    }

    /** Mostly at home, sometimes next door, now and then anywhere. */
    private Country customerCountry(PartnerState partner) {
        double draw = random.nextDouble();
        Country home = partner.profile.country();
        if (draw < 0.8) {
            return home;
        }
        return draw < 0.92 ? home.neighbour(random) : Country.pick(random, random.nextDouble() < settings.emergingMarketShare());
    }

    /** Log-normal MRR in whole US$ around {@code median}: most deals small, a long tail of large ones. */
    private double usd(double median, double sigma) {
        return Math.min(250_000, Math.max(20, Math.round(median * Math.exp(sigma * random.nextGaussian()))));
    }

    /** SPEC T2: priced in the customer's program currency at the table in force when the fact happens. */
    private Money local(double usd, Country country, Instant at) {
        return local(usd, country.currency(), at);
    }

    private Money local(double usd, String currency, Instant at) {
        BigDecimal perHundredUsd = currencies.at(at).hundredUsdIn(currency)
                .orElseThrow(() -> new IllegalStateException(currency + " is not in the program's currency table"));
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal amount = BigDecimal.valueOf(usd).multiply(perHundredUsd).divide(HUNDRED, digits, RoundingMode.HALF_UP);
        return Money.of(amount, currency);
    }

    private static Money scaled(Money money, double factor) {
        BigDecimal amount = money.decimal().multiply(BigDecimal.valueOf(Math.round(factor * 100), 2))
                .setScale(money.decimal().scale(), RoundingMode.HALF_UP);
        return Money.of(amount, money.currency());
    }

    // ----- writing events -----

    private void partnerFact(EventType type, PartnerState partner, Instant time, Object data, Scenario scenario) {
        Scenario why = scenario == Scenario.ORDINARY && time.isBefore(partner.profile.enrolledAt()) ? Scenario.BEFORE_ENROLMENT : scenario;
        emit(write(type, id(partner), time, id(partner), data, why));
    }

    private SimulatedEvent write(EventType type, String key, Instant time, String subject, Object data, Scenario scenario) {
        String id = uuid(random);
        return new SimulatedEvent(type.topic(), key, type.typeName(), id, time, codec.write(id, SOURCE, type, time, subject, data), scenario);
    }

    private void emit(SimulatedEvent event) {
        add(event);
        if (event.isTick()) {
            return;
        }
        if (noise.nextDouble() < settings.redeliveryShare()) {
            add(new SimulatedEvent(event.topic(), event.key(), event.type(), event.id(), event.time(), event.value(), Scenario.REDELIVERY));
        }
        if (noise.nextDouble() < settings.malformedShare()) {
            add(malformed(event));
        }
    }

    private void add(SimulatedEvent event) {
        ready.add(event);
        statistics.event(event);
    }

    /** A broken copy of a valid event, as a faulty CRM integration might send it; each is dead-lettered with a reason. */
    private SimulatedEvent malformed(SimulatedEvent valid) {
        String id = uuid(corruption);
        ObjectNode event = (ObjectNode) JSON.readTree(valid.value());
        event.put("id", id);
        ObjectNode data = (ObjectNode) event.get("data");
        int variant = corruption.nextInt(4);
        byte[] bytes;
        if (variant == 0) {
            byte[] whole = JSON.writeValueAsBytes(event);
            bytes = Arrays.copyOf(whole, whole.length / 2);
        } else {
            if (variant == 1) {
                event.put("type", "LegacyCrmRecord");
            } else if (variant == 2 && data.has("mrr")) {
                ObjectNode mrr = (ObjectNode) data.get("mrr");
                mrr.put("amount", "-" + mrr.get("amount").asString());
            } else if (variant == 2 && data.has("country")) {
                data.put("country", "ZZ");
            } else {
                data.remove(data.propertyNames().iterator().next());
            }
            bytes = JSON.writeValueAsBytes(event);
        }
        return new SimulatedEvent(valid.topic(), valid.key(), valid.type(), id, valid.time(), bytes, Scenario.MALFORMED);
    }

    // ----- small helpers -----

    private static String id(PartnerState partner) {
        return partner.profile.partnerId();
    }

    /** A version-4 UUID from the seeded stream: the same seed gives the same ids. */
    private static String uuid(Random random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }

    private static Instant startOf(LocalDate date) {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant plusMonths(Instant instant, int months) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return utc.plusMonths(months).toInstant();
    }
}
