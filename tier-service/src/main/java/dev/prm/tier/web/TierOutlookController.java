package dev.prm.tier.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.AsOf;
import dev.prm.tier.query.TierOutlookQueries;
import dev.prm.tier.query.TierOutlookView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
class TierOutlookController {

    private static final String EXAMPLE = """
            {"partnerId":"P-ACME","asOf":"2022-11-10T00:00:00Z","tier":"GOLD","atRisk":true,
             "nextMonthEnd":{"at":"2022-12-01T00:00:00Z","tier":"GOLD","qualifiedTier":"SOLUTIONS_PARTNER",
               "points":{"sold12m":120.00,"sold6m":0.00,"managed":60.00,"total12m":180.00,"total6m":60.00},
               "thresholdsVersion":"thresholds-2022-07-16",
               "tiers":[{"tier":"GOLD","totalPoints":250,"minimumSold":150,"missingPoints":70.00,"missingSoldPoints":30.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"PLATINUM","totalPoints":500,"minimumSold":250,"missingPoints":320.00,"missingSoldPoints":130.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"DIAMOND","totalPoints":1200,"minimumSold":600,"missingPoints":1020.00,"missingSoldPoints":480.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"ELITE","totalPoints":6000,"minimumSold":3500,"missingPoints":5820.00,"missingSoldPoints":3380.00,"by":"2022-12-01T00:00:00Z"}]},
             "nextReevaluation":{"at":"2023-01-15T00:00:00Z","tier":"SOLUTIONS_PARTNER","decidedBy":"2023-01-01T00:00:00Z",
               "settled":false,"missingPoints":70.00,"missingSoldPoints":30.00,
               "tiers":[{"tier":"GOLD","totalPoints":250,"minimumSold":150,"missingPoints":70.00,"missingSoldPoints":30.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"PLATINUM","totalPoints":500,"minimumSold":250,"missingPoints":320.00,"missingSoldPoints":130.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"DIAMOND","totalPoints":1200,"minimumSold":600,"missingPoints":1020.00,"missingSoldPoints":480.00,"by":"2022-12-01T00:00:00Z"},
                        {"tier":"ELITE","totalPoints":6000,"minimumSold":3500,"missingPoints":5820.00,"missingSoldPoints":3380.00,"by":"2022-12-01T00:00:00Z"}]}}""";

    private final TierOutlookQueries queries;
    private final BusinessClock clock;

    TierOutlookController(TierOutlookQueries queries, BusinessClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/api/partners/{partnerId}/tier/outlook")
    @Operation(summary = "Where the partner's tier is heading if no new fact arrives (issue 18)",
            description = "For the next month end (T7) and the next re-evaluation (T8): the tier each would give from the facts "
                    + "dated at or before asOf (deals leave the 12-month window as the months pass, accounts stay as they stand, "
                    + "each month end with the threshold table in force then), the points and sold points missing per tier "
                    + "(`by`: the month end a new fact must be dated by), and atRisk when the re-evaluation would give less "
                    + "than the tier held at asOf. asOf: an ISO date (00:00 UTC) or instant; default business time.",
            responses = @ApiResponse(responseCode = "200", description = "The outlook", content = @Content(
                    schema = @Schema(implementation = TierOutlookView.class),
                    examples = @ExampleObject(name = "GOLD at risk under a raised table", value = EXAMPLE))))
    TierOutlookView outlook(@PathVariable String partnerId, @RequestParam(required = false) String asOf) {
        return queries.outlook(partnerId, AsOf.resolve(asOf, clock)).orElseThrow(() -> TierController.unknown(partnerId));
    }
}
