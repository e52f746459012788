package dev.prm.gateway.dev;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import dev.prm.security.ApiAccess;

/**
 * The local stack's token issuer: a key made at start-up, tokens for a partner or an admin, and the JWKS the
 * services verify them with. Exists only with the {@code local} profile; production uses the real IdP.
 */
public class DevTokenIssuer {

    private final String issuer;
    private final RSAKey key;
    private final NimbusJwtEncoder encoder;

    public DevTokenIssuer(String issuer) {
        this.issuer = issuer;
        KeyPair pair = newKeyPair();
        this.key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    public String issuer() {
        return issuer;
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    /** @param audience overridable to try the API with a token meant for something else */
    public String issue(String partnerId, boolean admin, String audience, Duration validFor) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(validFor);
        List<String> roles = new ArrayList<>();
        if (admin) {
            roles.add(ApiAccess.ADMIN_ROLE);
        }
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(admin ? "local-admin" : "local-user-of-" + partnerId)
                .audience(List.of(audience == null ? ApiAccess.AUDIENCE : audience))
                .issuedAt(expiresAt.isBefore(now) ? expiresAt.minusSeconds(60) : now)
                .expiresAt(expiresAt)
                .claim(ApiAccess.ROLES_CLAIM, roles);
        if (partnerId != null) {
            claims.claim(ApiAccess.PARTNER_CLAIM, partnerId);
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
