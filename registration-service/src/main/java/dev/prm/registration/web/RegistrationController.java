package dev.prm.registration.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.prm.contracts.FieldLimits;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.web.AsOf;
import dev.prm.platform.web.BadRequestException;
import dev.prm.platform.web.NotFoundException;
import dev.prm.platform.web.RuleViolationException;
import dev.prm.registration.command.Decisions.AlreadyHeld;
import dev.prm.registration.command.Decisions.ExtensionDecision;
import dev.prm.registration.command.Decisions.ExtensionRefused;
import dev.prm.registration.command.Decisions.Extended;
import dev.prm.registration.command.Decisions.Granted;
import dev.prm.registration.command.Decisions.Refused;
import dev.prm.registration.command.Decisions.RegistrationDecision;
import dev.prm.registration.command.RegistrationCommands.ReleaseRegistration;
import dev.prm.registration.command.RegistrationCommands.RequestExtension;
import dev.prm.registration.command.RegistrationCommands.RequestRegistration;
import dev.prm.registration.domain.Holding;
import dev.prm.registration.query.CapView;
import dev.prm.registration.query.RegistrationQueries;
import dev.prm.registration.query.RegistrationView;
import dev.prm.registration.query.RegistrationView.Status;

/**
 * The partner portal's registration routes (SPEC §5). Commands are decided at business time now, by the
 * same handler as the Kafka requests; refusals answer 409 problem+json with the rule's reason.
 */
@RestController
@RequestMapping("/api/partners/{partnerId}")
class RegistrationController {

    private final CommandSender commands;
    private final RegistrationQueries queries;
    private final BusinessClock clock;

    RegistrationController(CommandSender commands, RegistrationQueries queries, BusinessClock clock) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    record RegistrationRequest(String domain) {
    }

    @PostMapping("/registrations")
    ResponseEntity<RegistrationView> register(@PathVariable String partnerId, @RequestBody(required = false) RegistrationRequest body) {
        if (body == null || body.domain() == null || body.domain().isBlank()) {
            throw new BadRequestException("the body must be a JSON object with a non-empty 'domain', e.g. {\"domain\": \"acme.com\"}");
        }
        // §4: over 253 characters it is not a domain one could ever publish; refused here, never stored (R1 keeps
        // INVALID_DOMAIN, a stored and published decision, for the domains that fit)
        if (!FieldLimits.fits(body.domain(), FieldLimits.DOMAIN)) {
            throw new BadRequestException(FieldLimits.tooLong("domain", body.domain(), FieldLimits.DOMAIN));
        }
        RegistrationDecision decision = commands.send(
                new RequestRegistration(partnerId, body.domain(), clock.now(), UUID.randomUUID().toString()));
        return switch (decision) {
            // encoded as path segments: an id like "P X" makes no URI unencoded (a 500 after the grant was stored)
            case Granted granted -> ResponseEntity.created(UriComponentsBuilder.fromPath("/api/partners/{partnerId}/registrations/{domain}")
                    .encode().buildAndExpand(partnerId, granted.registration().domain()).toUri())
                    .body(active(partnerId, granted.registration()));
            case AlreadyHeld held -> ResponseEntity.ok(active(partnerId, held.registration()));
            case Refused refused -> throw new RuleViolationException(refused.reason().name(), registrationRefusal(refused, body.domain()));
        };
    }

    @PostMapping("/registrations/{domain}/extension")
    RegistrationView extend(@PathVariable String partnerId, @PathVariable String domain) {
        ExtensionDecision decision = commands.send(new RequestExtension(partnerId, domain, clock.now()));
        return switch (decision) {
            case Extended extended -> active(partnerId, extended.registration());
            case ExtensionRefused refused -> throw new RuleViolationException(refused.reason().name(),
                    "the registration of '" + domain + "' cannot be extended: " + describe(refused.reason().name()));
        };
    }

    @DeleteMapping("/registrations/{domain}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void release(@PathVariable String partnerId, @PathVariable String domain) {
        commands.<Boolean>send(new ReleaseRegistration(partnerId, domain, clock.now()));
    }

    @GetMapping("/registrations")
    List<RegistrationView> registrations(@PathVariable String partnerId, @RequestParam(required = false) String status,
                                         @RequestParam(required = false) String asOf) {
        Instant at = AsOf.resolve(asOf, clock);
        Optional<Status> wanted = status(status);
        requireKnown(partnerId);
        return queries.registrations(partnerId, at, wanted);
    }

    @GetMapping("/registration-cap")
    CapView cap(@PathVariable String partnerId, @RequestParam(required = false) String asOf) {
        return queries.cap(partnerId, AsOf.resolve(asOf, clock))
                .orElseThrow(() -> new NotFoundException("partner '" + partnerId + "' is not known"));
    }

    private void requireKnown(String partnerId) {
        if (!queries.partnerKnown(partnerId)) {
            throw new NotFoundException("partner '" + partnerId + "' is not known");
        }
    }

    private static Optional<Status> status(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status must be one of ACTIVE, EXPIRED, RELEASED, REVOKED; was '" + status + "'");
        }
    }

    private static RegistrationView active(String partnerId, Holding holding) {
        return new RegistrationView(partnerId, holding.domain(), Status.ACTIVE, holding.registeredAt(), holding.validUntil(),
                holding.extended(), holding.coSell());
    }

    private static String registrationRefusal(Refused refused, String domain) {
        String detail = "the registration of '" + domain + "' is refused: " + describe(refused.reason().name());
        return refused.conflictId().map(id -> detail + " (conflict case " + id + ")").orElse(detail);
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "INVALID_DOMAIN" -> "it is not a valid domain name";
            case "CHANNEL_CONFLICT" -> "direct sales owns this domain; a conflict case is open for the partner manager";
            case "ALREADY_REGISTERED" -> "another partner holds this domain";
            case "CAP_REACHED" -> "the partner's active registrations are at its cap";
            case "NOT_ACTIVE" -> "the partner holds no active registration of this domain";
            case "ALREADY_EXTENDED" -> "a registration is extended once";
            case "OVER_CAP" -> "the partner is over its cap";
            default -> reason;
        };
    }
}
