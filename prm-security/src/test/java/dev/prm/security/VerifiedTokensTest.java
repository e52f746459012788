package dev.prm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Stands for the signature check: accepts tokens named "good-…" and counts every verification. */
    private static final class CountingVerifier implements JwtDecoder {
        final List<String> verified = new ArrayList<>();
        Instant expiresAt = T0.plus(Duration.ofHours(1));

        @Override
        public Jwt decode(String token) {
            verified.add(token);
            if (!token.startsWith("good-")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject(token).issuedAt(T0).expiresAt(expiresAt).build();
        }
    }

    private final MovingClock clock = new MovingClock();
    private final CountingVerifier verifier = new CountingVerifier();

    private JwtDecoder decoder(int capacity, Duration maxAge) {
        return new CachingJwtDecoder(verifier, new VerifiedTokens(capacity, maxAge, clock));
    }

    @Test
    void a_token_is_verified_once_and_then_answered_from_memory() {
        JwtDecoder decoder = decoder(10, Duration.ofMinutes(5));

        Jwt first = decoder.decode("good-a");
        Jwt again = decoder.decode("good-a");

        assertThat(again).isSameAs(first);
        assertThat(verifier.verified).containsExactly("good-a");
    }

    @Test
    void a_refused_token_is_never_kept_and_is_refused_every_time() {
        JwtDecoder decoder = decoder(10, Duration.ofMinutes(5));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifier.verified).containsExactly("forged", "forged");
    }

    @Test
    void a_kept_token_goes_back_to_the_verifier_once_it_has_expired() {
        VerifiedTokens tokens = new VerifiedTokens(10, Duration.ofHours(5), clock);
        JwtDecoder decoder = new CachingJwtDecoder(verifier, tokens);
        decoder.decode("good-a");

        clock.now = T0.plus(Duration.ofMinutes(59));
        assertThat(tokens.find("good-a")).as("still valid").isNotNull();
        clock.now = T0.plus(Duration.ofMinutes(62)); // past expiry and the decoder's 60 s of clock skew
        assertThat(tokens.find("good-a")).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_kept_token_is_verified_again_after_the_maximum_age_so_a_withdrawn_key_stops_working() {
        JwtDecoder decoder = decoder(10, Duration.ofMinutes(5));
        decoder.decode("good-a");

        clock.now = T0.plus(Duration.ofMinutes(4));
        decoder.decode("good-a");
        clock.now = T0.plus(Duration.ofMinutes(5));
        decoder.decode("good-a");

        assertThat(verifier.verified).containsExactly("good-a", "good-a");
    }

    @Test
    void at_capacity_expired_tokens_go_first_and_the_map_never_grows_past_it() {
        VerifiedTokens tokens = new VerifiedTokens(3, Duration.ofHours(5), clock);
        JwtDecoder decoder = new CachingJwtDecoder(verifier, tokens);
        verifier.expiresAt = T0.plus(Duration.ofMinutes(10));
        decoder.decode("good-short");
        verifier.expiresAt = T0.plus(Duration.ofHours(2));
        decoder.decode("good-a");
        decoder.decode("good-b");
        clock.now = T0.plus(Duration.ofMinutes(30));

        decoder.decode("good-c");
        assertThat(tokens.find("good-a")).as("valid ones stay when expired ones make room").isNotNull();
        assertThat(tokens.size()).isEqualTo(3);

        for (int i = 0; i < 20; i++) {
            decoder.decode("good-flood-" + i);
            assertThat(tokens.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void the_reactive_decoder_keeps_what_its_verifier_accepted() {
        VerifiedTokens tokens = new VerifiedTokens(10, Duration.ofMinutes(5), clock);
        CachingReactiveJwtDecoder decoder = new CachingReactiveJwtDecoder(token -> Mono.fromCallable(() -> verifier.decode(token)), tokens);

        Jwt first = decoder.decode("good-a").block();
        Jwt again = decoder.decode("good-a").block();
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);

        assertThat(again).isSameAs(first);
        assertThat(verifier.verified).containsExactly("good-a", "forged");
    }
}
