package dev.prm.tier.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.AsOf;
import dev.prm.tier.query.PointsQueries;
import dev.prm.tier.query.PointsView;

@RestController
@RequestMapping("/api/partners/{partnerId}")
class PointsController {

    private final PointsQueries queries;
    private final BusinessClock clock;

    PointsController(PointsQueries queries, BusinessClock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/points")
    PointsView points(@PathVariable String partnerId, @RequestParam(required = false) String asOf) {
        return queries.points(partnerId, AsOf.resolve(asOf, clock))
                .orElseThrow(() -> TierController.unknown(partnerId));
    }
}
