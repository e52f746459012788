package dev.prm.tier.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsCalculator.Breakdown;
import dev.prm.tier.domain.PointsCalculator.DealLine;
import dev.prm.tier.domain.Windows;
import dev.prm.tier.query.PointsView.AccountPoints;
import dev.prm.tier.query.PointsView.DealPoints;
import dev.prm.tier.query.PointsView.LeavingWindow;
import dev.prm.tier.query.PointsView.Totals;

/** Answers points at any instant (SPEC B2) with the same calculator as the evaluations. */
@Component
public class PointsQueries {

    private static final int LEAVING_MONTHS = 3;

    private final PartnerFactsRepository facts;
    private final PointsCalculator calculator;

    PointsQueries(PartnerFactsRepository facts, PointsCalculator calculator) {
        this.facts = facts;
        this.calculator = calculator;
    }

    public Optional<PointsView> points(String partnerId, Instant asOf) {
        Optional<PartnerFactsRepository.FactsAt> known = facts.factsAt(partnerId, asOf);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Breakdown breakdown = breakdown(known.get(), asOf);
        List<DealPoints> deals = breakdown.deals().stream().map(line -> new DealPoints(line.deal().dealId(),
                line.deal().customerDomain(), line.deal().customerCountry(), line.deal().mrr(), line.deal().closedAt(),
                line.emFactor(), line.points(), line.inSold6m())).toList();
        List<AccountPoints> accounts = breakdown.accounts().stream().map(line -> new AccountPoints(line.account().accountId(),
                line.account().customerDomain(), line.account().customerCountry(), line.account().mrr(),
                line.account().from(), line.emFactor(), line.points())).toList();
        var summary = breakdown.summary();
        Totals totals = new Totals(summary.sold12m(), summary.sold6m(), summary.managed(), summary.total12m(), summary.total6m());
        return Optional.of(new PointsView(partnerId, asOf, deals, accounts, totals, leavingWindow(breakdown.deals(), asOf)));
    }

    Breakdown breakdown(PartnerFactsRepository.FactsAt known, Instant asOf) {
        return calculator.at(asOf, known.deals(), known.accounts());
    }

    /** For each of the next month ends M1..M3: sold points in the window at asOf that are out of it at Mk. */
    private static List<LeavingWindow> leavingWindow(List<DealLine> inWindow, Instant asOf) {
        List<LeavingWindow> leaving = new ArrayList<>(LEAVING_MONTHS);
        Instant previousEdge = Windows.monthsBefore(asOf, 12);
        Instant monthEnd = asOf;
        for (int k = 0; k < LEAVING_MONTHS; k++) {
            monthEnd = Windows.nextMonthEnd(monthEnd);
            Instant edge = Windows.monthsBefore(monthEnd, 12);
            Instant lower = previousEdge;
            BigDecimal points = inWindow.stream()
                    .filter(line -> line.deal().closedAt().isAfter(lower) && !line.deal().closedAt().isAfter(edge))
                    .map(DealLine::points).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            leaving.add(new LeavingWindow(monthEnd, points));
            previousEdge = edge;
        }
        return leaving;
    }
}
