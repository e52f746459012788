package dev.prm.registration.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.BadRequestException;
import dev.prm.platform.web.NotFoundException;
import dev.prm.platform.web.RuleViolationException;
import dev.prm.registration.command.Decisions.NotOpen;
import dev.prm.registration.command.Decisions.ResolutionDecision;
import dev.prm.registration.command.Decisions.ResolutionRefused;
import dev.prm.registration.command.Decisions.Resolved;
import dev.prm.registration.command.RegistrationCommands.ResolveConflict;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.Holding;
import dev.prm.registration.query.ConflictView;
import dev.prm.registration.query.RegistrationQueries;
import dev.prm.registration.query.RegistrationView;

/** Channel conflict cases for partner managers (R8). */
@RestController
@RequestMapping("/api/admin/conflicts")
class ConflictController {

    static final String NOT_OPEN = "CONFLICT_NOT_OPEN";

    private final CommandSender commands;
    private final RegistrationQueries queries;
    private final BusinessClock clock;

    ConflictController(CommandSender commands, RegistrationQueries queries, BusinessClock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    record ResolutionRequest(String resolution) {
    }

    /** The case after resolution, with the registration a PARTNER or CO_SELL grant gave. */
    record ResolutionView(ConflictView conflict, String resolution, RegistrationView registration) {
    }

    @GetMapping
    List<ConflictView> conflicts(@RequestParam(required = false) String status) {
        Optional<Boolean> open = switch (status == null ? "" : status.strip().toUpperCase(Locale.ROOT)) {
            case "" -> Optional.empty();
            case "OPEN" -> Optional.of(true);
            case "RESOLVED" -> Optional.of(false);
            default -> throw new BadRequestException("status must be OPEN or RESOLVED; was '" + status + "'");
        };
        return queries.conflicts(open);
    }

    @PostMapping("/{conflictId}/resolution")
    ResolutionView resolve(@PathVariable String conflictId, @RequestBody(required = false) ResolutionRequest body) {
        ConflictResolution resolution = resolution(body);
        ConflictView conflict = queries.conflict(conflictId)
                .orElseThrow(() -> new NotFoundException("conflict '" + conflictId + "' is not known"));
        ResolutionDecision decision = commands.send(new ResolveConflict(conflictId, conflict.partnerId(), conflict.domain(),
                resolution, clock.now()));
        return switch (decision) {
            case Resolved resolved -> new ResolutionView(conflict, resolution.name(),
                    resolved.registration().map(holding -> view(conflict.partnerId(), holding)).orElse(null));
            case ResolutionRefused refused -> throw new RuleViolationException(refused.reason().name(),
                    "the conflict cannot be resolved as " + resolution + ": " + (refused.reason().name().equals("CAP_REACHED")
                            ? "the partner has no free registration slot" : "another partner holds the domain") + "; the case stays open");
            case NotOpen notOpen -> throw new RuleViolationException(NOT_OPEN, "conflict '" + conflictId + "' is already resolved");
        };
    }

    private static ConflictResolution resolution(ResolutionRequest body) {
        if (body == null || body.resolution() == null) {
            throw new BadRequestException("the body must be {\"resolution\": \"PARTNER\" | \"DIRECT\" | \"CO_SELL\"}");
        }
        try {
            return ConflictResolution.valueOf(body.resolution().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("resolution must be PARTNER, DIRECT or CO_SELL; was '" + body.resolution() + "'");
        }
    }

    private static RegistrationView view(String partnerId, Holding holding) {
        return new RegistrationView(partnerId, holding.domain(), RegistrationView.Status.ACTIVE, holding.registeredAt(),
                holding.validUntil(), holding.extended(), holding.coSell());
    }
}
