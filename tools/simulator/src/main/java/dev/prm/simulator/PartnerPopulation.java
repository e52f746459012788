package dev.prm.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.simulator.PartnerProfile.OverCapPlan;
import dev.prm.simulator.PartnerProfile.ReleasePlan;

/** The partners of a simulated history, drawn from the seed alone (not from the events), so every pass sees the same ones. */
final class PartnerPopulation {

    /** Most of the program exists when the history starts; the rest join month by month. */
    private static final double ENROLLED_AT_START = 0.7;
    /** Joining partners whose CRM records facts a few days before their enrolment arrives (SPEC P1). */
    private static final double LATE_ENROLMENT = 0.05;
    /** Pareto shape of partner activity: roughly 80 % of the business from 20 % of the partners. */
    private static final double ACTIVITY_SHAPE = 1.2;
    private static final double MAX_ACTIVITY = 400;

    /** SPEC R2 default: the 2022 cap table takes effect on 2022-02-01 with its compliance deadline 2022-04-01. */
    static final Instant CAP_TABLE_2022 = Instant.parse("2022-02-01T00:00:00Z");
    static final Instant CAP_TABLE_2022_DEADLINE = Instant.parse("2022-04-01T00:00:00Z");
    /** SPEC R6 default: an over-cap period not caused by a table change gets start + 60 days. */
    static final Duration OVER_CAP_GRACE = Duration.ofDays(60);

    private PartnerPopulation() {
    }

    static List<PartnerProfile> create(SimulationSettings settings) {
        Random random = new Random(settings.seed());
        int width = Math.max(4, String.valueOf(settings.partners()).length());
        Instant start = settings.startInstant();
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < settings.partners(); i++) {
            Draft draft = new Draft();
            draft.index = i;
            draft.partnerId = "P" + settings.seed() + "-" + String.format("%0" + width + "d", i + 1);
            draft.name = Names.partnerName(random);
            draft.kind = random.nextDouble() < settings.providerShare() ? PartnerKind.PROVIDER : PartnerKind.SOLUTIONS_PARTNER;
            draft.country = Country.pick(random, random.nextDouble() < settings.emergingMarketShare());
            draft.activity = Math.min(MAX_ACTIVITY, Math.pow(1 - random.nextDouble(), -1 / ACTIVITY_SHAPE));
            boolean atStart = settings.months() == 1 || random.nextDouble() < ENROLLED_AT_START;
            if (atStart) {
                // the existing program's partners come over in the first hours, one every two seconds
                draft.enrolledAt = start.plusSeconds(2L * i + 1);
                draft.firstFactAt = draft.enrolledAt;
            } else {
                YearMonth month = settings.start().plusMonths(1 + random.nextInt(settings.months() - 1));
                LocalDate day = month.atDay(1 + random.nextInt(month.lengthOfMonth()));
                draft.enrolledAt = day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(1 + random.nextInt(86_399));
                draft.firstFactAt = random.nextDouble() < LATE_ENROLMENT
                        ? draft.enrolledAt.minus(Duration.ofHours(48 + random.nextInt(8 * 24))) : draft.enrolledAt;
            }
            draft.atStart = atStart;
            drafts.add(draft);
        }
        chooseOverCapPartners(settings, random, drafts);
        assignMigratedTiers(random, drafts);
        assignRegistrationLimits(drafts);
        return drafts.stream().map(Draft::profile).toList();
    }

    /** The partners worth looking at after a run, and why. */
    static List<NotablePartner> notable(List<PartnerProfile> partners) {
        Map<String, String> roles = new LinkedHashMap<>();
        List<PartnerProfile> byActivity = partners.stream()
                .sorted(Comparator.comparingDouble(PartnerProfile::activity).reversed()).toList();
        // among the partners there from the start: one that joined late has had less time to sell
        Instant firstDay = partners.stream().map(PartnerProfile::enrolledAt).min(Comparator.naturalOrder()).orElseThrow();
        byActivity.stream().filter(p -> p.overCap() == null && p.enrolledAt().isBefore(firstDay.plus(Duration.ofDays(1))))
                .limit(3).forEach(p -> roles.put(p.partnerId(), "top seller"));
        partners.stream().filter(p -> p.overCap() != null).limit(4).forEach(p ->
                roles.put(p.partnerId(), "over cap, " + p.overCap().release().description()));
        byActivity.stream().filter(p -> p.kind() == PartnerKind.PROVIDER && p.overCap() == null).findFirst()
                .ifPresent(p -> roles.putIfAbsent(p.partnerId(), "largest provider"));
        byActivity.stream().filter(p -> p.country().emergingMarket() && p.overCap() == null).findFirst()
                .ifPresent(p -> roles.putIfAbsent(p.partnerId(), "largest in an emerging market"));
        byActivity.reversed().stream().filter(p -> p.migratedTier() != null && p.overCap() == null).findFirst()
                .ifPresent(p -> roles.putIfAbsent(p.partnerId(), "migrated " + p.migratedTier() + ", least active"));
        partners.stream().filter(PartnerProfile::enrolsLate).findFirst()
                .ifPresent(p -> roles.putIfAbsent(p.partnerId(), "facts before its enrolment"));
        Map<String, PartnerProfile> byId = new LinkedHashMap<>();
        partners.forEach(p -> byId.put(p.partnerId(), p));
        return roles.entrySet().stream().map(role -> {
            PartnerProfile p = byId.get(role.getKey());
            return new NotablePartner(p.partnerId(), role.getValue(), p.kind(), p.country().code(),
                    p.overCap() == null ? null : p.overCap().deadline());
        }).toList();
    }

    /**
     * Started before the 2022 cap table (and late enough for January's registrations to outlive its deadline):
     * migrated GOLD partners register 25-40 domains under the earlier table's 500 and are over the new cap of 15
     * on 2022-02-01 (the seed's case). Otherwise: migrated PLATINUM partners hold just under 25, do little
     * business, and drop below PLATINUM at the first re-evaluation (SPEC T8), over cap with 60 days to comply.
     */
    private static void chooseOverCapPartners(SimulationSettings settings, Random random, List<Draft> drafts) {
        List<Draft> candidates = drafts.stream().filter(d -> d.atStart && d.kind == PartnerKind.SOLUTIONS_PARTNER).toList();
        int count = (int) Math.min(candidates.size(), Math.round(settings.partners() * settings.overCapShare()));
        if (count == 0 && settings.overCapShare() > 0 && !candidates.isEmpty()) {
            count = 1;
        }
        List<Draft> chosen = new ArrayList<>(candidates);
        java.util.Collections.shuffle(chosen, random);
        chosen = chosen.subList(0, count);
        chosen.sort(Comparator.comparingInt(d -> d.index));
        boolean capTableChanges = !settings.start().isBefore(YearMonth.of(2021, 11)) && settings.startInstant().isBefore(CAP_TABLE_2022);
        ReleasePlan[] plans = {ReleasePlan.AFTER_DEADLINE, ReleasePlan.NEVER, ReleasePlan.IN_TIME};
        for (int i = 0; i < chosen.size(); i++) {
            Draft draft = chosen.get(i);
            ReleasePlan plan = plans[i % plans.length];
            draft.activity = 1;
            Instant registerFrom = draft.enrolledAt.plus(Duration.ofDays(1));
            Instant overCapFrom;
            Instant deadline;
            Instant extendAt = null;
            int domains;
            if (capTableChanges) {
                draft.migratedTier = Tier.GOLD;
                domains = 25 + random.nextInt(16);
                overCapFrom = CAP_TABLE_2022;
                deadline = CAP_TABLE_2022_DEADLINE;
            } else {
                draft.migratedTier = Tier.PLATINUM;
                domains = 20 + random.nextInt(5);
                overCapFrom = firstReevaluationAfter(settings.startInstant().atOffset(ZoneOffset.UTC).plusMonths(1).toInstant());
                deadline = overCapFrom.plus(OVER_CAP_GRACE);
                // extended while still active and under cap (R4), the registrations (registered + 9 months) outlive the deadline
                extendAt = earlier(overCapFrom.minus(Duration.ofDays(7)), registerFrom.atZone(ZoneOffset.UTC).plusMonths(5).toInstant())
                        .plus(Duration.ofHours(10));
            }
            OverCapPlan draftPlan = new OverCapPlan(domains, registerFrom, overCapFrom, deadline, plan, extendAt, null);
            Instant releaseAt = switch (plan) {
                case IN_TIME -> deadline.minus(Duration.ofDays(14)).plus(Duration.ofHours(11));
                case AFTER_DEADLINE -> earlier(firstMonthEndFrom(deadline).plus(Duration.ofDays(5)).plus(Duration.ofHours(11)),
                        draftPlan.firstExpiry().minus(Duration.ofHours(12)));
                case NEVER -> null;
            };
            draft.overCap = new OverCapPlan(domains, registerFrom, overCapFrom, deadline, plan, extendAt, releaseAt);
        }
    }

    private static Instant earlier(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }

    /** SPEC T8 default dates: January 15 and July 15, 00:00 UTC. */
    static Instant firstReevaluationAfter(Instant after) {
        int year = after.atOffset(ZoneOffset.UTC).getYear();
        for (int y = year; ; y++) {
            for (int month : new int[] {1, 7}) {
                Instant date = LocalDate.of(y, month, 15).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (date.isAfter(after)) {
                    return date;
                }
            }
        }
    }

    private static Instant firstMonthEndFrom(Instant instant) {
        LocalDate date = instant.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant firstOfMonth = date.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return firstOfMonth.equals(instant) ? instant
                : date.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /**
     * Some partners of the existing program bring the tier they had (SPEC P1), mostly in line with their
     * business; a few GOLD ones have little business left and will drop at the next re-evaluation (T8).
     */
    private static void assignMigratedTiers(Random random, List<Draft> drafts) {
        List<Draft> existing = drafts.stream().filter(d -> d.atStart && d.overCap == null)
                .sorted(Comparator.comparingDouble((Draft d) -> d.activity).reversed()).toList();
        for (int rank = 0; rank < existing.size(); rank++) {
            double percentile = (double) rank / existing.size();
            Tier earned = percentile < 0.02 ? Tier.DIAMOND : percentile < 0.10 ? Tier.PLATINUM
                    : percentile < 0.25 ? Tier.GOLD : null;
            Draft draft = existing.get(rank);
            if (earned != null && random.nextDouble() < 0.6) {
                draft.migratedTier = earned;
            } else if (earned == null && random.nextDouble() < 0.05) {
                draft.migratedTier = Tier.GOLD;
            }
        }
    }

    /** Partners keep under the cap they expect: PROVIDER 5; the bigger a partner, the higher the tier it counts on. */
    private static void assignRegistrationLimits(List<Draft> drafts) {
        List<Draft> byActivity = drafts.stream().sorted(Comparator.comparingDouble((Draft d) -> d.activity).reversed()).toList();
        for (int rank = 0; rank < byActivity.size(); rank++) {
            Draft draft = byActivity.get(rank);
            double percentile = (double) rank / byActivity.size();
            draft.registrationLimit = draft.overCap != null ? 0
                    : draft.kind == PartnerKind.PROVIDER ? 4
                    : percentile < 0.10 ? 20 : percentile < 0.40 ? 12 : 8;
        }
    }

    private static final class Draft {
        int index;
        String partnerId;
        String name;
        PartnerKind kind;
        Country country;
        double activity;
        Tier migratedTier;
        Instant enrolledAt;
        Instant firstFactAt;
        boolean atStart;
        int registrationLimit;
        OverCapPlan overCap;

        PartnerProfile profile() {
            return new PartnerProfile(index, partnerId, name, kind, country, activity, migratedTier, enrolledAt, firstFactAt,
                    registrationLimit, overCap);
        }
    }
}
