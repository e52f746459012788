package dev.prm.tier.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.contracts.FieldLimits;
import dev.prm.contracts.Tier;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.BadRequestException;
import dev.prm.platform.web.RuleViolationException;
import dev.prm.tier.config.JdbcThresholdCatalog;
import dev.prm.tier.domain.Calibration;
import dev.prm.tier.domain.Requirement;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.Windows;
import dev.prm.program.Versioned;
import dev.prm.tier.query.CalibrationQueries;

/** T6 and T10 for admins: threshold table versions, and a calibrated proposal for next July. */
@RestController
@RequestMapping("/api/admin")
class TierAdminController {

    /** The program raises thresholds every July; the seed's raise took effect on July 16. */
    private static final MonthDay RAISE_DAY = MonthDay.of(7, 16);

    private final JdbcThresholdCatalog catalog;
    private final CalibrationQueries calibration;
    private final BusinessClock clock;

    TierAdminController(JdbcThresholdCatalog catalog, CalibrationQueries calibration, BusinessClock clock) {
        this.catalog = catalog;
        this.calibration = calibration;
        this.clock = clock;
    }

    /** {@code effectiveFrom} is null for the version in force from the beginning of time. */
    record ThresholdVersion(String version, Instant effectiveFrom, Map<Tier, Requirement> thresholds) {
    }

    record NewThresholdVersion(String version, Instant effectiveFrom, Map<Tier, Requirement> thresholds) {
    }

    record CalibrationView(Instant asOf, int partners, int tieredPartners, Map<String, BigDecimal> total12mPercentiles,
                           Map<Tier, Long> partnersPerTier, Map<Tier, BigDecimal> targetShares, BigDecimal expectedGrowth,
                           NewThresholdVersion proposal, Map<Tier, BigDecimal> sharesIfTieredPartnersGrow,
                           Map<Tier, BigDecimal> sharesToday, WhatIfLink whatIf) {
    }

    /** Issue 18: "what if we adopt this proposal" in one step: post {@code body} as it is to {@code href}. */
    record WhatIfLink(String method, String href, PolicyWhatIfController.WhatIfRequest body) {
    }

    @GetMapping("/tier-thresholds")
    List<ThresholdVersion> thresholds() {
        return catalog.thresholds().versions().stream().map(TierAdminController::view).toList();
    }

    /** A new version takes effect in the future only: decisions already made keep the table they used. */
    @PostMapping("/tier-thresholds")
    @ResponseStatus(HttpStatus.CREATED)
    ThresholdVersion add(@RequestBody NewThresholdVersion request) {
        if (request == null || request.effectiveFrom() == null || request.thresholds() == null) {
            throw new BadRequestException("effectiveFrom and thresholds (GOLD, PLATINUM, DIAMOND, ELITE) are required");
        }
        if (!FieldLimits.fits(request.version(), FieldLimits.TEXT)) {
            throw new BadRequestException(FieldLimits.tooLong("version", request.version(), FieldLimits.TEXT));
        }
        if (!request.effectiveFrom().isAfter(clock.now())) {
            throw new RuleViolationException("EFFECTIVE_DATE_NOT_IN_FUTURE",
                    "a threshold version must take effect after the current business time " + clock.now());
        }
        ThresholdTable table;
        try {
            table = new ThresholdTable(new EnumMap<>(request.thresholds()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException("invalid thresholds: " + e.getMessage());
        }
        String id = request.version() == null || request.version().isBlank()
                ? "thresholds-" + request.effectiveFrom().atOffset(ZoneOffset.UTC).toLocalDate()
                : request.version();
        if (catalog.thresholds().versions().stream().anyMatch(v -> v.id().equals(id) || v.effectiveFrom().equals(request.effectiveFrom()))) {
            throw new RuleViolationException("VERSION_EXISTS", "a version named '" + id + "' or effective at "
                    + request.effectiveFrom() + " exists already");
        }
        Versioned.Version<ThresholdTable> version = new Versioned.Version<>(id, request.effectiveFrom(), table);
        catalog.add(version);
        return view(version);
    }

    @GetMapping("/tier-calibration")
    CalibrationView calibration() {
        Instant now = clock.now();
        Calibration.Result result = calibration.calibrate(now);
        NewThresholdVersion proposal = new NewThresholdVersion(null, nextRaise(now), result.proposal().requirements());
        return new CalibrationView(now, result.partners(), result.tieredPartners(), result.total12mPercentiles(),
                result.partnersPerTier(), Calibration.TARGET_SHARES, Calibration.EXPECTED_GROWTH, proposal,
                result.sharesIfTieredPartnersGrow(), result.sharesToday(), whatIf(now, result.proposal()));
    }

    /** The proposal replayed over the last twelve months, as if it had been in force all along. */
    private static WhatIfLink whatIf(Instant now, ThresholdTable proposal) {
        Map<String, Requirement> thresholds = new java.util.LinkedHashMap<>();
        new EnumMap<>(proposal.requirements()).forEach((tier, requirement) -> thresholds.put(tier.name(), requirement));
        Instant from = Windows.monthsBefore(now, 12);
        return new WhatIfLink("POST", PolicyWhatIfController.PATH, new PolicyWhatIfController.WhatIfRequest(
                from.toString(), now.toString(), null, thresholds, null, null));
    }

    private static Instant nextRaise(Instant now) {
        int year = now.atOffset(ZoneOffset.UTC).getYear();
        Instant thisYear = RAISE_DAY.atYear(year).atStartOfDay().toInstant(ZoneOffset.UTC);
        return thisYear.isAfter(now) ? thisYear : RAISE_DAY.atYear(year + 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static ThresholdVersion view(Versioned.Version<ThresholdTable> version) {
        Instant from = version.effectiveFrom().equals(Instant.MIN) ? null : version.effectiveFrom();
        return new ThresholdVersion(version.id(), from, new EnumMap<>(version.value().requirements()));
    }
}
