package dev.prm.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * Tokens whose signature and claims were already verified, so a partner's next request costs a map lookup instead of
 * a JSON parse and an RSA verification. Only a token the decoder accepted is kept, keyed by its exact text. A kept
 * token is given out again while its expiry and not-before hold (the decoder's own timestamp check) and for at most
 * {@code maxAge} after its verification, so a key withdrawn from the identity provider stops working within that
 * time. At {@code capacity} the expired entries are dropped, and if none are, all of them: a flood of distinct valid
 * tokens costs verifications, never memory.
 */
public final class VerifiedTokens {

    private record Verified(Jwt jwt, Instant keptUntil) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final JwtTimestampValidator timestamps = new JwtTimestampValidator();

    public VerifiedTokens(int capacity, Duration maxAge, Clock clock) {
        if (capacity < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("capacity and max age must be positive");
        }
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
        this.timestamps.setClock(clock);
    }

    /** The verified token, or null when it was never verified here or no longer holds. */
    public Jwt find(String token) {
        Verified entry = verified.get(token);
        if (entry == null) {
            return null;
        }
        if (!holds(entry, clock.instant())) {
            verified.remove(token, entry);
            return null;
        }
        return entry.jwt();
    }

    /** Keeps a token the decoder has just accepted. */
    public void keep(String token, Jwt jwt) {
        if (verified.size() >= capacity) {
            Instant now = clock.instant();
            verified.values().removeIf(entry -> !holds(entry, now));
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(jwt, clock.instant().plus(maxAge)));
    }

    public int size() {
        return verified.size();
    }

    private boolean holds(Verified entry, Instant now) {
        return now.isBefore(entry.keptUntil()) && !timestamps.validate(entry.jwt()).hasErrors();
    }
}
