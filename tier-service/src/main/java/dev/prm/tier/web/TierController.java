package dev.prm.tier.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.AsOf;
import dev.prm.platform.web.NotFoundException;
import dev.prm.tier.query.TierQueries;
import dev.prm.tier.query.TierView;

@RestController
@RequestMapping("/api/partners/{partnerId}/tier")
class TierController {

    private final TierQueries queries;
    private final BusinessClock clock;

    TierController(TierQueries queries, BusinessClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping
    TierView tier(@PathVariable String partnerId, @RequestParam(required = false) String asOf) {
        return queries.tier(partnerId, AsOf.resolve(asOf, clock)).orElseThrow(() -> unknown(partnerId));
    }

    @GetMapping("/history")
    List<TierView.Change> history(@PathVariable String partnerId) {
        return queries.history(partnerId).orElseThrow(() -> unknown(partnerId));
    }

    static NotFoundException unknown(String partnerId) {
        return new NotFoundException("partner '" + partnerId + "' is not known");
    }
}
