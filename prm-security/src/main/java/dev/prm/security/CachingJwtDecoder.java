package dev.prm.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** A {@link JwtDecoder} that verifies each distinct token once (see {@link VerifiedTokens}). */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final VerifiedTokens verified;

    public CachingJwtDecoder(JwtDecoder verifier, VerifiedTokens verified) {
        this.verifier = verifier;
        this.verified = verified;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.find(token);
        if (known != null) {
            return known;
        }
        Jwt jwt = verifier.decode(token);
        verified.keep(token, jwt);
        return jwt;
    }
}
