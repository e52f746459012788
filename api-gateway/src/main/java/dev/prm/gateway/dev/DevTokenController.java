package dev.prm.gateway.dev;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local profile only: {@code POST /dev/tokens {"partnerId": "P-ACME"}} or {@code {"admin": true}} answers a
 * bearer token; {@code GET /dev/jwks.json} is the key set the services verify tokens with.
 */
@RestController
@Profile("local")
class DevTokenController {

    private static final Duration DEFAULT_VALIDITY = Duration.ofHours(8);

    private final DevTokenIssuer issuer;

    DevTokenController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    record TokenRequest(String partnerId, Boolean admin, String audience, Long expiresInSeconds) {

        boolean isAdmin() {
            return Boolean.TRUE.equals(admin);
        }
    }

    record TokenResponse(String token, String tokenType, long expiresInSeconds) {
    }

    @PostMapping("/dev/tokens")
    TokenResponse token(@RequestBody TokenRequest request) {
        if (request.partnerId() == null && !request.isAdmin()) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "give a partnerId, or admin: true");
        }
        Duration validity = request.expiresInSeconds() == null ? DEFAULT_VALIDITY : Duration.ofSeconds(request.expiresInSeconds());
        return new TokenResponse(issuer.issue(request.partnerId(), request.isAdmin(), request.audience(), validity), "Bearer",
                validity.toSeconds());
    }

    @GetMapping("/dev/jwks.json")
    Map<String, Object> jwks() {
        return issuer.jwks();
    }
}
