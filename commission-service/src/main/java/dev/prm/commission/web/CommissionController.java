package dev.prm.commission.web;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.commission.query.CommissionHoldView;
import dev.prm.commission.query.CommissionQueries;
import dev.prm.commission.query.CommissionsView;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.AsOf;
import dev.prm.platform.web.BadRequestException;
import dev.prm.platform.web.NotFoundException;

@RestController
@RequestMapping("/api/partners/{partnerId}")
class CommissionController {

    private final CommissionQueries queries;
    private final BusinessClock clock;

    CommissionController(CommissionQueries queries, BusinessClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * C1–C4: the month's entries and statement at {@code asOf} (default: business now). Without
     * {@code month}, the latest month whose month end is at or before {@code asOf}.
     */
    @GetMapping("/commissions")
    CommissionsView commissions(@PathVariable String partnerId, @RequestParam(required = false) String month,
                                @RequestParam(required = false) String asOf) {
        Instant at = AsOf.resolve(asOf, clock);
        return queries.commissions(partnerId, month == null || month.isBlank() ? lastClosedMonth(at) : parse(month), at)
                .orElseThrow(() -> unknown(partnerId));
    }

    /** R7, C3: whether commissions are held at {@code asOf} (default: business now), since when and why. */
    @GetMapping("/commission-hold")
    CommissionHoldView hold(@PathVariable String partnerId, @RequestParam(required = false) String asOf) {
        return queries.hold(partnerId, AsOf.resolve(asOf, clock)).orElseThrow(() -> unknown(partnerId));
    }

    private static YearMonth parse(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("month must be YYYY-MM (2022-03), was '" + month + "'");
        }
    }

    private static YearMonth lastClosedMonth(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC)).minusMonths(1);
    }

    private static NotFoundException unknown(String partnerId) {
        return new NotFoundException("partner '" + partnerId + "' is not known");
    }
}
