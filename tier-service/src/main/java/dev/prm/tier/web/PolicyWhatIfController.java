package dev.prm.tier.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.contracts.Tier;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.BadRequestException;
import dev.prm.tier.domain.PointsFactors;
import dev.prm.tier.domain.PolicyWhatIf;
import dev.prm.tier.domain.Requirement;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.query.WhatIfQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Issue 18: what a proposed policy would have done over a period of the real history, for admins. */
@RestController
class PolicyWhatIfController {

    static final String PATH = "/api/admin/what-if";

    private static final String REQUEST_EXAMPLE = """
            {"from":"2022-01-01","to":"2023-01-31",
             "thresholds":{"GOLD":{"totalPoints":250,"minimumSold":150},"PLATINUM":{"totalPoints":500,"minimumSold":250},
                           "DIAMOND":{"totalPoints":1200,"minimumSold":600},"ELITE":{"totalPoints":6000,"minimumSold":3500}},
             "pointsFactors":{"sold":5,"managed":1,"emergingMarket":2}}""";

    private static final String ANSWER_EXAMPLE = """
            {"from":"2022-01-01T00:00:00Z","to":"2023-01-31T00:00:00Z","effectiveFrom":"2022-01-01T00:00:00Z",
             "businessTime":"2023-02-01T00:00:00Z","partners":3,
             "reevaluations":[
              {"at":"2022-07-15T00:00:00Z",
               "partnersPerTier":{"SOLUTIONS_PARTNER":{"today":1,"proposal":2},"GOLD":{"today":1,"proposal":0},
                                  "PLATINUM":{"today":1,"proposal":1},"DIAMOND":{"today":0,"proposal":0},"ELITE":{"today":0,"proposal":0}},
               "moves":[{"partnerId":"P-ACME","from":"GOLD","to":"SOLUTIONS_PARTNER"}],
               "capDrops":[{"partnerId":"P-ACME","kind":"SOLUTIONS_PARTNER","tierToday":"GOLD","tierProposed":"SOLUTIONS_PARTNER",
                            "capToday":15,"capProposed":10,"overCapDeadline":"2022-09-13T00:00:00Z"}],
               "overCap":{"today":[],
                          "proposal":[{"partnerId":"P-ACME","tier":"SOLUTIONS_PARTNER","cap":10,"active":12,
                                       "since":"2022-07-15T00:00:00Z","deadline":"2022-09-13T00:00:00Z",
                                       "heldFrom":"2022-09-13T00:00:00Z"}]}},
              {"at":"2023-01-15T00:00:00Z","partnersPerTier":{"...":"..."},"moves":[],"capDrops":[],
               "overCap":{"today":[],"proposal":[]}}],
             "periodEnd":{"at":"2023-01-31T00:00:00Z","partnersPerTier":{"...":"..."},"moves":[],"capDrops":[],
                          "overCap":{"today":[],"proposal":[]}},
             "holds":{"today":[],
                      "proposal":[{"partnerId":"P-ACME","from":"2022-09-13T00:00:00Z","until":"2022-11-02T00:00:00Z"}]},
             "notCovered":["..."]}""";

    /** What the answer leaves to registration-service and commission-service, said in every answer. */
    static final List<String> NOT_COVERED = List.of(
            "Registrations are counted as registration-service granted them under today's caps (registration-events): "
                    + "a lower proposed cap would also have refused some requests (R3, CAP_REACHED) and extensions (R4); "
                    + "those refusals are not replayed.",
            "Holds (R7, C3) are partners and periods only: the amounts held are commission-service's. A deadline after "
                    + "the period's end decides no hold here (heldFrom null).",
            "Month ends and re-evaluations after businessTime count no fact dated after it.");

    private final WhatIfQueries queries;
    private final BusinessClock clock;

    PolicyWhatIfController(WhatIfQueries queries, BusinessClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    record Factors(BigDecimal sold, BigDecimal managed, BigDecimal emergingMarket) {
    }

    /** R2 caps: per tier (every tier, SOLUTIONS_PARTNER included), the PROVIDER kind's, an optional deadline (R6). */
    record Caps(Map<String, Integer> tiers, Integer provider, String complianceDeadline) {
    }

    /** Dates: an ISO date (00:00 UTC) or instant. {@code effectiveFrom} defaults to {@code from}. */
    record WhatIfRequest(String from, String to, String effectiveFrom, Map<String, Requirement> thresholds,
                         Factors pointsFactors, Caps caps) {
    }

    record WhatIfView(Instant from, Instant to, Instant effectiveFrom, Instant businessTime, int partners,
                      List<PolicyWhatIf.Checkpoint> reevaluations, PolicyWhatIf.Checkpoint periodEnd,
                      PolicyWhatIf.Sides<List<PolicyWhatIf.Hold>> holds, List<String> notCovered) {
    }

    @PostMapping(PATH)
    @Operation(summary = "Policy what-if: a proposed table replayed over a period of the real history (issue 18)",
            description = "Replays the stored facts of [from, to] in memory twice, under today's rules and under the proposal "
                    + "(thresholds, optionally points factors and caps, in force from effectiveFrom, default from), with the "
                    + "live rules (T3-T8, R2). Answers, at each re-evaluation (T8) and at the period's end: partners per tier "
                    + "on both sides, who would move (from: today's tier, to: the proposal's), partners whose cap would "
                    + "drop (capDrops), and per side the partners over cap (R6: active registrations, as registration-service "
                    + "published them, above the cap) with their deadline and, if still over cap then, the hold from it "
                    + "(heldFrom; R7, C3); holds lists every hold period per side. Touches no projection, "
                    + "publishes nothing; the same history and proposal give the same answer. 400 for a bad proposal: an "
                    + "unknown tier, thresholds that do not rise with the tier, a period inverted or over "
                    + PolicyWhatIf.MAX_PERIOD_MONTHS + " months.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = WhatIfRequest.class),
                    examples = @ExampleObject(name = "raise GOLD and above over 2022", value = REQUEST_EXAMPLE))),
            responses = @ApiResponse(responseCode = "200", description = "The comparison", content = @Content(
                    schema = @Schema(implementation = WhatIfView.class),
                    examples = @ExampleObject(name = "one GOLD partner would drop", value = ANSWER_EXAMPLE))))
    WhatIfView whatIf(@RequestBody(required = false) WhatIfRequest request) {
        if (request == null) {
            throw new BadRequestException("a body is required: from, to, thresholds (GOLD, PLATINUM, DIAMOND, ELITE)");
        }
        Instant from = instant("from", request.from(), true);
        Instant to = instant("to", request.to(), true);
        if (!from.isBefore(to)) {
            throw new BadRequestException("period inverted: from (" + from + ") must be before to (" + to + ")");
        }
        if (to.isAfter(from.atOffset(ZoneOffset.UTC).plusMonths(PolicyWhatIf.MAX_PERIOD_MONTHS).toInstant())) {
            throw new BadRequestException("period too long: at most " + PolicyWhatIf.MAX_PERIOD_MONTHS + " months from " + from);
        }
        Instant effectiveFrom = request.effectiveFrom() == null ? from : instant("effectiveFrom", request.effectiveFrom(), true);
        if (effectiveFrom.isBefore(from) || effectiveFrom.isAfter(to)) {
            throw new BadRequestException("effectiveFrom must lie within the period [" + from + ", " + to + "]");
        }
        PolicyWhatIf.Proposal proposal = new PolicyWhatIf.Proposal(effectiveFrom, thresholds(request.thresholds()),
                factors(request.pointsFactors()), caps(request.caps()));
        PolicyWhatIf.Result result = queries.compare(from, to, proposal);
        return new WhatIfView(result.from(), result.to(), result.effectiveFrom(), clock.now(), result.partners(),
                result.reevaluations(), result.periodEnd(), result.holds(), NOT_COVERED);
    }

    private static ThresholdTable thresholds(Map<String, Requirement> thresholds) {
        if (thresholds == null) {
            throw new BadRequestException("thresholds are required: GOLD, PLATINUM, DIAMOND and ELITE, each {totalPoints, minimumSold}");
        }
        Map<Tier, Requirement> table = new EnumMap<>(Tier.class);
        thresholds.forEach((name, requirement) -> {
            Tier tier = tier(name);
            if (tier == Tier.SOLUTIONS_PARTNER) {
                throw new BadRequestException("SOLUTIONS_PARTNER is the base tier and has no threshold");
            }
            if (requirement == null || requirement.totalPoints() == null || requirement.minimumSold() == null) {
                throw new BadRequestException(tier + ": totalPoints and minimumSold are required");
            }
            table.put(tier, requirement);
        });
        try {
            return new ThresholdTable(table);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid thresholds: " + e.getMessage());
        }
    }

    private static PointsFactors factors(Factors factors) {
        if (factors == null) {
            return null;
        }
        for (BigDecimal factor : Arrays.asList(factors.sold(), factors.managed(), factors.emergingMarket())) {
            if (factor == null || factor.signum() < 0) {
                throw new BadRequestException("pointsFactors: sold, managed and emergingMarket are required and cannot be negative");
            }
        }
        return new PointsFactors(factors.sold(), factors.managed(), factors.emergingMarket());
    }

    private static PolicyWhatIf.CapProposal caps(Caps caps) {
        if (caps == null) {
            return null;
        }
        if (caps.tiers() == null || caps.provider() == null || caps.provider() < 0) {
            throw new BadRequestException("caps: tiers (every tier, SOLUTIONS_PARTNER included) and provider (not negative) are required");
        }
        Map<Tier, Integer> tierCaps = new EnumMap<>(Tier.class);
        caps.tiers().forEach((name, cap) -> {
            if (cap == null || cap < 0) {
                throw new BadRequestException("caps: the cap of " + name + " is required and cannot be negative");
            }
            tierCaps.put(tier(name), cap);
        });
        if (tierCaps.size() != Tier.values().length) {
            throw new BadRequestException("caps: a cap for every tier is required: " + tierNames());
        }
        return new PolicyWhatIf.CapProposal(tierCaps, caps.provider(), instant("caps.complianceDeadline", caps.complianceDeadline(), false));
    }

    private static Tier tier(String name) {
        try {
            return Tier.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException("unknown tier '" + name + "'; tiers are " + tierNames());
        }
    }

    private static String tierNames() {
        return Arrays.stream(Tier.values()).map(Tier::name).collect(Collectors.joining(", "));
    }

    private static Instant instant(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new BadRequestException(field + " is required: an ISO date (2022-01-01) or instant (2022-01-01T00:00:00Z)");
            }
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " must be an ISO date (2022-01-01) or instant (2022-01-01T00:00:00Z), was '" + value + "'");
        }
    }
}
